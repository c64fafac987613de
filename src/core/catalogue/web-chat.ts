// The web chat (src/channels/web, the /chat page of the microsite): the page's own words and its polite refusals.
export const webChatTexts = {
  webChat: {
    pageTitle: 'Obrolan dengan helpdesk',
    navChat: 'Obrolan',
    reachChat: 'Chat di situs ini',
    intro:
      'Tanyakan apa saja seputar SPSE/INAPROC, tender, e-katalog dan layanan Biro PBJ. Percakapan ini tersimpan di peramban ini, jadi Anda dapat menutup halaman dan kembali lagi nanti.',
    conversation: 'Percakapan',
    empty: 'Belum ada pesan. Tulis pertanyaan Anda di bawah, misalnya "lupa password".',
    you: 'Anda',
    desk: 'Helpdesk',
    messageLabel: 'Tulis pesan',
    skipToBox: 'Langsung ke kotak pesan',
    fileGoneTitle: 'Berkas tidak ditemukan',
    fileGoneBody: 'Berkas ini tidak ada, sudah dihapus, atau hanya dapat dibuka di peramban yang dipakai dalam percakapan itu.',
    messageHint: 'Ketik /menu untuk melihat menu, /tiket untuk membuat tiket.',
    send: 'Kirim',
    attachLabel: 'Lampiran (gambar atau PDF, paling besar 5 MB, boleh dikosongkan)',
    choicesLabel: 'Pilihan',
    file: 'Berkas',
    download: (name: string) => `Unduh ${name}`,
    sending: 'Mengirim…',
    offline: 'Koneksi terputus. Pesan baru akan muncul lagi setelah tersambung kembali.',
    detailsTitle: 'Data kontak untuk petugas (boleh dikosongkan)',
    detailsIntro:
      'Jika Anda ingin dihubungi petugas, tinggalkan nama dan e-mail atau nomor HP. Data ini hanya dilihat petugas helpdesk pada tiket Anda.',
    nameLabel: 'Nama',
    emailLabel: 'E-mail',
    phoneLabel: 'Nomor HP',
    saveDetails: 'Simpan data kontak',
    detailsSaved: 'Terima kasih, data kontak Anda sudah disimpan untuk petugas.',
    detailsCleared: 'Data kontak Anda sudah dihapus. Petugas tidak lagi melihat nama, e-mail atau nomor HP Anda.',
    badEmail: 'Alamat e-mail tampaknya belum benar. Contoh: nama@contoh.co.id',
    badPhone: 'Nomor HP tampaknya belum benar. Contoh: 0812 3456 7890',
    noDetails: 'Isi nama, e-mail atau nomor HP terlebih dahulu.',
    tooLong: (max: number) =>
      `Maaf, pesan terlalu panjang. Mohon ringkas menjadi paling banyak ${max} karakter, atau kirim dalam beberapa pesan.`,
    emptyMessage: 'Pesan masih kosong. Silakan tulis pertanyaan Anda terlebih dahulu.',
    tooMany: 'Maaf, terlalu banyak pesan dalam waktu singkat. Mohon tunggu sebentar, lalu coba lagi.',
    fileTooLarge: (mb: number) => `Maaf, berkas terlalu besar. Paling besar ${mb} MB.`,
    fileType: 'Maaf, hanya gambar (JPG, PNG, WebP) atau PDF yang dapat dikirim.',
    sessionMissing: 'Sesi obrolan tidak ditemukan. Silakan muat ulang halaman ini.',
    forbidden: 'Permintaan ditolak. Silakan muat ulang halaman ini, lalu coba lagi.',
    notReady: 'Layanan obrolan sedang disiapkan. Silakan coba lagi sebentar lagi.',
    failed: 'Maaf, pesan belum terkirim karena gangguan. Silakan coba lagi.',
    /** A file a message names that was deleted with its web chat after the retention period. */
    fileRemoved: (name: string) => `Berkas ${name} sudah dihapus karena masa simpan data obrolan web telah berakhir.`,
    noFileShown: 'Petugas mengirim berkas yang tidak dapat ditampilkan di sini.',
    /** A button of a message that was answered already (on Telegram the pressed menu disappears). */
    choiceUsed: 'Pilihan pada pesan itu sudah Anda jawab. Silakan gunakan pilihan pada pesan terbaru, atau tulis pesan Anda.',
    choiceGone: 'Pilihan itu sudah tidak berlaku. Silakan tulis pertanyaan Anda lagi atau ketik /menu.',
    chosen: 'dipilih',
    frameBlocked:
      'Peramban Anda tidak menyimpan percakapan di dalam bingkai di situs ini, jadi obrolan tidak dapat berjalan di sini. Silakan buka obrolan di tab baru.',
    openInTab: 'Buka obrolan di tab baru',
    widgetButton: 'Tanya helpdesk',
    widgetClose: 'Tutup obrolan',
    detailsMailNote:
      'Jika Anda mengisi e-mail, balasan petugas yang belum Anda lihat juga dikirim ke e-mail tersebut selama halaman obrolan ini tertutup.',
    // The mail to a person who left an e-mail and closed the page (src/channels/web/mail.ts): plain text.
    mailSubject: (tickets: readonly number[]) =>
      tickets.length === 0
        ? 'Pesan baru dari helpdesk Biro PBJ'
        : `Balasan helpdesk Biro PBJ untuk tiket ${tickets.map((n) => `#${n}`).join(', ')}`,
    mailIntro: (count: number) =>
      count === 1
        ? 'Halo,\n\nAda 1 pesan baru dari helpdesk Biro PBJ di obrolan situs kami yang belum Anda lihat:'
        : `Halo,\n\nAda ${count} pesan baru dari helpdesk Biro PBJ di obrolan situs kami yang belum Anda lihat:`,
    mailFrom: (at: string) => `Helpdesk, ${at}:`,
    mailChoices: (labels: readonly string[]) => `Pilihan (jawab di halaman obrolan): ${labels.join(' / ')}`,
    mailFiles: 'Pesan ini disertai berkas; buka halaman obrolan untuk mengunduhnya.',
    mailComeBack: (url: string) =>
      `Untuk membalas atau melihat seluruh percakapan, buka:\n${url}\n\nTautan ini membuka percakapan Anda bila dibuka di peramban (browser) yang sama dengan yang Anda pakai untuk mengobrol. Di peramban atau perangkat lain, obrolan baru akan dimulai: sebutkan nomor tiket Anda agar petugas dapat menemukannya.`,
    mailFooter:
      'E-mail ini dikirim otomatis karena Anda meninggalkan alamat e-mail di obrolan helpdesk. Balasan ke e-mail ini tidak dibaca; silakan membalas lewat halaman obrolan.',
  },
} as const;
