// The WhatsApp channel's alerts to admins (src/channels/whatsapp).
export const whatsappTexts = {
  /** The WhatsApp channel's alerts to the bureau's admins (sent on their other channels). */
  whatsapp: {
    alerts: {
      /** The session is gone (logged out on the phone, or banned): someone must pair again. */
      loggedOut: (reason: string) =>
        `⚠️ **WhatsApp front desk terputus** (${reason}).\n` +
        'Sesi WhatsApp sudah tidak berlaku dan telah dihapus dari server, jadi pesan WhatsApp tidak diterima dan tidak dikirim.\n' +
        'Tautkan ulang nomor helpdesk: di server jalankan `npm run cli -- whatsapp login`, lalu pindai QR dari WhatsApp di ponsel ' +
        '(Perangkat Tertaut → Tautkan Perangkat), kemudian jalankan ulang layanan.',
      /** Another program took over the same WhatsApp session; this instance stopped instead of fighting. */
      replaced:
        '⚠️ **WhatsApp front desk berhenti**: sesi yang sama dibuka di tempat lain (WhatsApp Web atau server lain).\n' +
        'Agar tidak saling memutus, layanan ini tidak menyambung ulang. Pastikan hanya satu server yang menjalankan desk, ' +
        'lalu jalankan ulang layanan.',
      /** WhatsApp asked for a new pairing while the desk was running. */
      unpaired:
        '⚠️ **WhatsApp front desk berhenti**: nomor helpdesk belum tertaut ke server.\n' +
        'Di server jalankan `npm run cli -- whatsapp login`, lalu jalankan ulang layanan.',
      /** WhatsApp refused this linked device (411, multi-device mismatch): reconnecting would get the same answer. */
      mismatch:
        '⚠️ **WhatsApp front desk berhenti**: WhatsApp menolak perangkat tertaut server ini (411, multi-device tidak cocok).\n' +
        'Perbarui aplikasi WhatsApp di ponsel helpdesk, lalu di server jalankan `npm run cli -- whatsapp login --force`, ' +
        'pindai QR-nya, dan jalankan ulang layanan.',
      /** No connection for a long time (network or WhatsApp outage); still retrying. */
      unreachable: (minutes: number, reason: string) =>
        `⚠️ **WhatsApp front desk tidak tersambung** selama ${minutes} menit terakhir (${reason}).\n` +
        'Pesan pengguna di WhatsApp tertahan sampai sambungan pulih; desk terus mencoba. Periksa jaringan server.',
      /** WhatsApp keeps closing the connection with an unexplained error (500); the session is kept, still retrying. */
      streamErrors: (count: number) =>
        `⚠️ **WhatsApp front desk berulang kali diputus** oleh WhatsApp (${count} kali berturut-turut, galat 500).\n` +
        'Sesi tetap disimpan dan desk terus mencoba dengan jeda yang makin panjang. Jika belum pulih dalam satu jam, ' +
        'tautkan ulang nomor helpdesk dengan `npm run cli -- whatsapp login --force` di server, lalu jalankan ulang layanan.',
      /** After one of the two alerts above: the connection has been up for a while again. */
      recovered: '✅ **WhatsApp front desk tersambung kembali** dan menerima pesan.',
    },
    reasons: {
      loggedOut: 'perangkat dikeluarkan dari WhatsApp',
      forbidden: 'akses ditolak WhatsApp — nomor mungkin diblokir',
    },
  },
} as const;
