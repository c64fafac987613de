// Telegram's command menus, set with setMyCommands (src/channels/telegram/commands.ts).
export const commandMenuTexts = {
  /** The command menus Telegram shows (setMyCommands); the desk understands more aliases. */
  commandMenu: {
    user: {
      menu: 'Tampilkan menu layanan',
      tiket: 'Buat tiket pengaduan atau laporan',
      status: 'Lihat status tiket Anda',
      langganan: 'Terima pengumuman dari Biro PBJ',
      survei: 'Isi survei kepuasan layanan',
      batal: 'Batalkan proses yang sedang berjalan',
    } as Record<string, string>,
    staff: {
      antrian: 'Tiket terbuka, yang terlama dahulu',
      lihat: 'Rincian dan riwayat tiket: /lihat N',
      balas: 'Balas pengguna: /balas N teks',
      ambil: 'Tangani tiket: /ambil N',
      proses: 'Tandai diproses: /proses N',
      tunggu: 'Minta tanggapan pengguna: /tunggu N teks',
      selesai: 'Tandai selesai: /selesai N [keterangan]',
      tutup: 'Tutup tiket: /tutup N',
      buka: 'Buka kembali: /buka N',
      eskalasi: 'Teruskan ke LKPP/Telkom: /eskalasi N LKPP [ref]',
      catatan: 'Catatan internal: /catatan N teks',
      siaran: 'Pengumuman ke pelanggan (admin)',
      laporan: 'Ringkasan periode (admin): /laporan [hari]',
      cari: 'Cari tiket: /cari kata',
      kategori: 'Perbaiki kategori: /kategori N id',
      celah: 'Pertanyaan belum terjawab FAQ: /celah [hari]',
      bantuan: 'Daftar perintah petugas',
      insiden: 'Gangguan sistem: /insiden, /insiden buka judul',
      ikm: 'Hasil survei IKM dan IPA (admin): /ikm [periode]',
    } as Record<string, string>,
  },
} as const;
