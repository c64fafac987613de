// Errors every feature may answer with: internal failure, empty message, unknown command, expired flow or choice.
export const errorTexts = {
  errors: {
    internal: 'Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.',
    emptyMessage: 'Pesan Anda kosong. Silakan tulis pertanyaan Anda dengan kata-kata.',
    unknownCommand: (command: string) =>
      `Maaf, perintah ${command} tidak dikenal. Ketik /menu untuk melihat perintah yang tersedia.`,
    flowExpired: 'Proses sebelumnya lama tidak dilanjutkan, jadi saya hentikan.',
    flowUnreadable:
      'Maaf, isian Anda yang belum selesai tidak dapat dilanjutkan setelah pembaruan sistem, jadi saya mulai dari awal. Pesan Anda tetap saya jawab di bawah ini.',
    choiceExpired: 'Pilihan itu sudah tidak berlaku. Silakan tulis pertanyaan Anda lagi atau ketik /menu.',
  },
} as const;
