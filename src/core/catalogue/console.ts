// The console channel (src/channels/console).
export const consoleTexts = {
  console: {
    banner: 'Front desk Biro PBJ — mode konsol.\n' + 'Tulis pertanyaan lalu tekan Enter. Ketik /keluar untuk keluar.',
    prompt: 'Anda> ',
    bot: 'Desk> ',
    goodbye: 'Terima kasih, sampai jumpa.',
    quitCommands: ['/keluar', '/exit', '/quit'],
    file: (path: string, caption: string | undefined) => `[berkas: ${path}]${caption ? `\n${caption}` : ''}`,
  },
} as const;
