/**
 * Every text a user or staff member reads comes from here, so wording is reviewed in one place
 * and nothing user-facing hides in code. Indonesian, polite ("Anda").
 */
export const texts = {
  menu: {
    intro:
      'Halo! Saya asisten layanan Biro Pengadaan Barang dan Jasa (LPSE). ' +
      'Tulis pertanyaan Anda dengan kalimat biasa, atau pilih:',
    ask: 'Tanya seputar SPSE/LPSE',
    ticket: 'Buat tiket pengaduan',
    status: 'Cek status tiket',
    askHint: 'Silakan tulis pertanyaan Anda, misalnya: "cara daftar akun penyedia" atau "lupa password".',
    commands:
      'Perintah yang tersedia:\n' +
      '/tiket — buat tiket pengaduan atau laporan\n' +
      '/status — lihat tiket Anda\n' +
      '/langganan — terima pengumuman\n' +
      '/menu — tampilkan menu ini',
  },
  errors: {
    internal: 'Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.',
    emptyMessage: 'Pesan Anda kosong. Silakan tulis pertanyaan Anda dengan kata-kata.',
    unknownCommand: (command: string) =>
      `Maaf, perintah ${command} tidak dikenal. Ketik /menu untuk melihat perintah yang tersedia.`,
    choiceExpired: 'Pilihan itu sudah tidak berlaku. Silakan tulis pertanyaan Anda lagi atau ketik /menu.',
    notYetAvailable: 'Maaf, layanan ini belum tersedia. Silakan tulis pertanyaan Anda atau ketik /menu.',
  },
  choices: {
    /** How a numbered choice list ends on channels without buttons (console, WhatsApp). */
    replyWithNumber: (n: number) =>
      n === 1 ? 'Balas dengan angka 1.' : `Balas dengan angka 1–${n}.`,
  },
  console: {
    banner:
      'Front desk Biro PBJ — mode konsol.\n' +
      'Tulis pertanyaan lalu tekan Enter. Ketik /keluar untuk keluar.',
    prompt: 'Anda> ',
    bot: 'Desk> ',
    goodbye: 'Terima kasih, sampai jumpa.',
    quitCommands: ['/keluar', '/exit', '/quit'],
  },
} as const;
