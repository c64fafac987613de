// The Telegram channel's alerts to admins (src/channels/telegram).
export const telegramTexts = {
  /** The Telegram channel's alerts to the bureau's admins (sent on their other channels). */
  telegram: {
    alerts: {
      /** Telegram stopped handing over updates (409: another instance polls with the same token). */
      pollingStopped: (reason: string) =>
        `⚠️ **Telegram front desk berhenti menerima pesan** (${reason}).\n` +
        'Biasanya ini karena ada instans lain yang berjalan dengan token bot yang sama. Pastikan hanya satu server yang ' +
        'menjalankan desk. Bot mencoba menyambung kembali secara otomatis setiap menit.',
      /** Fetching updates has been failing for a long time (network or Telegram outage). */
      unreachable: (minutes: number, reason: string) =>
        `⚠️ **Telegram front desk tidak dapat mengambil pesan** selama ${minutes} menit terakhir (${reason}).\n` +
        'Pesan pengguna di Telegram tertahan sampai sambungan pulih; bot terus mencoba. Periksa jaringan server.',
      /** After one of the alerts above: updates arrive again. */
      recovered: '✅ **Telegram front desk kembali menerima pesan.**',
      /** Telegram upgraded the staff group to a supergroup: it has a new id. */
      staffGroupMoved: (from: string, to: string) =>
        `⚠️ **Grup staf Telegram pindah ke id baru** (grup diubah menjadi supergrup): ${from} → ${to}.\n` +
        'Notifikasi tiket kini dikirim ke id baru. Ubah TELEGRAM_STAFF_CHAT_ID di konfigurasi server menjadi ' +
        `${to}, lalu jalankan ulang layanan pada kesempatan berikutnya.`,
      /** The staff group refuses the bot (kicked, chat gone, no right to write). */
      staffGroupRefused: (chatId: string, reason: string) =>
        `⚠️ **Grup staf Telegram menolak bot** (${chatId}: ${reason}).\n` +
        'Notifikasi tiket baru dan tanggapan pengguna kini dikirim ke chat pribadi setiap petugas. Tambahkan kembali ' +
        'bot ke grup dengan izin mengirim pesan (notifikasi kembali ke grup begitu ada pesan dari grup itu), atau ubah ' +
        'TELEGRAM_STAFF_CHAT_ID lalu jalankan ulang layanan.',
    },
  },
} as const;
