// A staff member's file for a user on another channel (a Telegram screenshot for a web or WhatsApp
// user) that could not go along: the line the user reads under the reply instead.
export const fileRelayTexts = {
  fileRelay: {
    /** The name a file without one is shown and downloaded under. */
    unnamedFile: 'berkas',
    unnamedPhoto: 'foto',
    tooLarge: (n: number) =>
      n === 1
        ? 'Petugas juga melampirkan sebuah berkas, tetapi berkas itu terlalu besar untuk dikirim ke sini. Jika Anda memerlukannya, sampaikan kepada petugas; petugas akan mengirimkannya dengan cara lain.'
        : `Petugas juga melampirkan ${n} berkas, tetapi berkas itu terlalu besar untuk dikirim ke sini. Jika Anda memerlukannya, sampaikan kepada petugas; petugas akan mengirimkannya dengan cara lain.`,
    notSendable: (n: number) =>
      n === 1
        ? 'Petugas juga melampirkan sebuah berkas yang tidak dapat dikirim ke sini. Jika Anda memerlukannya, sampaikan kepada petugas; petugas akan mengirimkannya dengan cara lain.'
        : `Petugas juga melampirkan ${n} berkas yang tidak dapat dikirim ke sini. Jika Anda memerlukannya, sampaikan kepada petugas; petugas akan mengirimkannya dengan cara lain.`,
  },
} as const;
