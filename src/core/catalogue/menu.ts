// The desk's main menu and its greeting (src/core/router.ts).
export const menuTexts = {
  menu: {
    intro:
      'Halo! Saya asisten layanan Biro Pengadaan Barang dan Jasa (LPSE). ' +
      'Tulis pertanyaan Anda dengan kalimat biasa, atau pilih:',
    ask: 'Tanya seputar SPSE/LPSE',
    askHint: 'Silakan tulis pertanyaan Anda, misalnya: "cara daftar akun penyedia" atau "lupa password".',
  },
} as const;
