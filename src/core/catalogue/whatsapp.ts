// The WhatsApp channel's alerts to admins (src/channels/whatsapp).
export const whatsappTexts = {
  /** The WhatsApp channel's alerts to the bureau's admins (sent on their other channels). */
  whatsapp: {
    alerts: {
      /** The session is gone (logged out on the phone, banned, or corrupt): someone must pair again. */
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
    },
    reasons: {
      loggedOut: 'perangkat dikeluarkan dari WhatsApp',
      forbidden: 'akses ditolak WhatsApp — nomor mungkin diblokir',
      badSession: 'sesi rusak',
    },
  },
} as const;
