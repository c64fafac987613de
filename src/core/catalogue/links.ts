// The links feature (src/links): linking a user's chats on Telegram and WhatsApp (/tautkan).
export const linkTexts = {
  links: {
    code: (code: string, minutes: number) =>
      `Kode tautan Anda: **${code}**\n\nUntuk menautkan chat ini dengan akun Anda di kanal lain (Telegram atau WhatsApp), kirim dari kanal tersebut:\n/tautkan ${code}\n\nKode berlaku ${minutes} menit dan hanya sekali pakai. Jangan berikan kode ini kepada siapa pun, termasuk yang mengaku petugas.`,
    linkedWith: (channels: string) => `Chat ini saat ini tertaut dengan akun Anda di ${channels}.`,
    linked: (channel: string) =>
      `Berhasil. Chat ini kini tertaut dengan akun Anda di ${channel}: /status di kedua kanal menampilkan semua tiket Anda, dan kabar tiap tiket tetap dikirim ke chat tempat tiket itu dibuat. Ketik /tautkan putus untuk melepasnya.`,
    linkedElsewhere: (channel: string) =>
      `Chat ini baru saja ditautkan dengan akun Anda di ${channel}. Jika bukan Anda yang melakukannya, ketik /tautkan putus sekarang.`,
    invalid:
      'Kode tautan itu tidak dikenal atau sudah kedaluwarsa. Ketik /tautkan di kanal yang lain untuk mendapatkan kode baru, lalu kirim kodenya di sini dalam 10 menit.',
    sameChannel:
      'Kode itu dibuat di kanal yang sama dengan chat ini. Kirim kodenya dari kanal yang lain (Telegram atau WhatsApp). Kode tadi sudah tidak berlaku; ketik /tautkan untuk membuat kode baru.',
    alreadyLinked: (channel: string) => `Chat ini sudah tertaut dengan akun Anda di ${channel}.`,
    tooManyAttempts: 'Terlalu banyak kode yang salah. Demi keamanan, silakan coba lagi satu jam lagi.',
    unlinked:
      'Semua tautan akun Anda dilepas. Setiap chat kini berdiri sendiri: /status di sini hanya menampilkan tiket dari chat ini.',
    confirm: (channel: string) =>
      `Kode ini dibuat oleh sebuah akun ${channel}. Jika ditautkan, akun itu dapat melihat dan menanggapi semua tiket Anda, dan sebaliknya.\n\nLanjutkan hanya jika akun ${channel} itu milik Anda sendiri. Jika seseorang mengirimi Anda kode ini, pilih Batal.`,
    confirmYes: 'Ya, akun itu milik saya',
    confirmNo: 'Batal',
    cancelled: 'Baik, tidak ada yang ditautkan.',
    privateOnly: 'Demi keamanan, /tautkan hanya dapat dipakai di chat pribadi dengan helpdesk, bukan di grup.',
    notHere: 'Menautkan akun hanya dapat dilakukan dari Telegram atau WhatsApp.',
    channelTaken: (channel: string) =>
      `Akun Anda sudah tertaut dengan akun ${channel} yang lain. Ketik /tautkan putus lebih dahulu bila ingin menggantinya.`,
    notLinked: 'Chat ini belum tertaut dengan kanal lain. Ketik /tautkan untuk mendapatkan kode tautan.',
    unlinkWords: ['putus', 'lepas'],
  },
} as const;
