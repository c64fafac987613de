// The ticket feature (src/tickets): statuses, the opening dialog, /status, follow-ups, notices to the user, rating.
export const ticketTexts = {
  tickets: {
    status: {
      new: 'Baru',
      in_progress: 'Diproses',
      waiting_user: 'Menunggu tanggapan Anda',
      escalated: 'Diteruskan ke LKPP/Telkom',
      resolved: 'Selesai',
      closed: 'Ditutup',
    },
    menuNew: 'Buat tiket pengaduan',
    menuStatus: 'Cek status tiket',
    askCategory: 'Baik, saya bantu membuat tiket. Masalah Anda termasuk kategori apa?\n(Ketik /batal untuk membatalkan.)',
    askDescription: (category: string) =>
      `Kategori: ${category}.\nSilakan jelaskan masalah Anda: apa yang dilakukan, pesan kesalahan yang muncul, ` +
      'nama paket/perusahaan bila terkait.',
    askAttachment:
      'Bila ada, kirim screenshot atau dokumen pendukung sekarang (boleh lebih dari satu). ' + 'Bila tidak ada, pilih Lewati.',
    attachmentReceived: (n: number) => `${n} berkas diterima. Kirim lagi bila ada, atau pilih Lanjut.`,
    askContact:
      'Opsional: tulis nama dan perusahaan Anda agar petugas mudah menghubungi, misalnya "Budi, CV Maju Jaya". ' +
      'Atau pilih Lewati.',
    confirm: (summary: string) => `Periksa kembali tiket Anda:\n\n${summary}\n\nKirim tiket ini?`,
    summary: (p: { category: string; description: string; files: number; contact?: string | undefined }) =>
      [
        `Kategori: ${p.category}`,
        `Uraian: ${p.description}`,
        ...(p.files > 0 ? [`Lampiran: ${p.files} berkas`] : []),
        ...(p.contact ? [`Kontak: ${p.contact}`] : []),
      ].join('\n'),
    skip: 'Lewati',
    next: 'Lanjut',
    send: 'Kirim tiket',
    cancel: 'Batal',
    cancelled: 'Pembuatan tiket dibatalkan. Tidak ada tiket yang dibuat.',
    nothingToCancel: 'Tidak ada proses yang sedang berjalan.',
    created: (p: { id: number; status: string; due: string; web?: boolean }) =>
      `Tiket #${p.id} telah dibuat. Status: ${p.status}.\n` +
      `Petugas kami akan menanggapi paling lambat ${p.due} (jam kerja). ` +
      (p.web
        ? 'Setiap perubahan tampil di halaman obrolan ini, juga bila Anda membukanya kembali nanti di peramban yang sama. '
        : 'Setiap perubahan akan dikirim ke chat ini. ') +
      `Ketik /status ${p.id} untuk melihat tiket.`,
    descriptionEmpty: 'Uraian masalah belum ada. Silakan tulis masalah Anda dengan kata-kata.',
    descriptionNoWords: 'Uraian masalah perlu berupa kata-kata, bukan hanya emoji atau simbol. Silakan jelaskan masalah Anda.',
    descriptionTooLong: (max: number, got: number) =>
      `Uraian terlalu panjang (${got} karakter; maksimal ${max}). Mohon ringkas, atau kirim rinciannya sebagai dokumen.`,
    fileNeedsText:
      'Berkas Anda diterima, tetapi belum ada keterangannya. Ketik /tiket lalu jelaskan masalahnya, ' +
      'dan kirim berkas itu saat diminta, atau tulis #N beserta keterangan untuk menambahkannya ke tiket N.',
    pickCategory: 'Silakan pilih salah satu kategori di atas (atau ketik /batal).',
    pickConfirm: 'Silakan pilih Kirim tiket atau Batal.',
    /** Words a user may type instead of pressing a button (lower case, compared after trimming). */
    words: {
      send: ['kirim', 'ya', 'iya', 'ok', 'oke', 'setuju', 'benar', 'lanjut', 'kirim tiket'],
      cancel: ['batal', 'tidak', 'gak', 'ga', 'nggak', 'jangan', 'batalkan'],
      /** Words that may follow a number ("4 mantap") without making it a sentence. */
      afterNumber: [
        'ya',
        'aja',
        'saja',
        'mantap',
        'puas',
        'ok',
        'oke',
        'sip',
        'deh',
        'dong',
        'pak',
        'bu',
        'min',
        'kak',
        'sangat',
        'cukup',
        'kurang',
        'tidak',
      ],
      /** A thank-you with one of these says the problem is still there. */
      stillBroken: [
        'tapi',
        'tetapi',
        'namun',
        'masih',
        'belum',
        'tetap',
        'gagal',
        'error',
        'eror',
        'tidak',
        'gak',
        'ga',
        'nggak',
        'tdk',
      ],
      skip: [
        'lewati',
        'skip',
        'tidak ada',
        'tdk ada',
        'gak ada',
        'ga ada',
        'gk ada',
        'nggak ada',
        'tidak',
        'nggak',
        'lanjut',
        'next',
        'belum ada',
      ],
    },
    listHeader: 'Tiket Anda:',
    listLine: (p: { id: number; status: string; updated: string; title: string }) =>
      `#${p.id} · ${p.status} · ${p.updated}\n   ${p.title}`,
    listEmpty: 'Anda belum memiliki tiket. Ketik /tiket untuk membuat tiket.',
    listFooter: 'Ketik /status N untuk rincian satu tiket.',
    detail: (p: {
      id: number;
      status: string;
      category: string;
      created: string;
      updated: string;
      description: string;
      external?: string | undefined;
      lastReply?: string | undefined;
    }) =>
      [
        `Tiket #${p.id} — ${p.status}`,
        `Kategori: ${p.category}`,
        `Dibuat: ${p.created}`,
        `Diperbarui: ${p.updated}`,
        ...(p.external ? [`Diteruskan ke: ${p.external}`] : []),
        `Uraian: ${p.description}`,
        ...(p.lastReply ? [`Balasan petugas terakhir: ${p.lastReply}`] : []),
      ].join('\n'),
    notFound: (id: string) => `Tiket #${id} tidak ditemukan di antara tiket Anda. Ketik /status untuk melihat daftar tiket Anda.`,
    badNumber: 'Nomor tiket tidak valid. Contoh: /status 12',
    followUpAdded: (id: number) => `Pesan Anda telah ditambahkan ke tiket #${id}. Petugas akan menanggapinya.`,
    followUpReopened: (id: number) => `Tiket #${id} dibuka kembali dan pesan Anda diteruskan ke petugas.`,
    waitingForAnswer: (id: number) =>
      `Tiket #${id} sedang menunggu jawaban Anda. Tulis jawabannya (atau kirim screenshot), atau tulis #${id} diikuti pesan Anda.`,
    askCategoryWithDescription: (description: string) =>
      `Baik, saya buatkan tiket untuk: "${description}".\nMasalah ini termasuk kategori apa? (Ketik /batal untuk membatalkan.)`,
    thanksNoted: (id: number) => `Sama-sama! Senang masalah pada tiket #${id} sudah teratasi.`,
    followUpWindowPassed: (id: number) =>
      `Tiket #${id} sudah selesai lebih dari batas waktu membuka kembali, jadi pesan ini tidak ditambahkan. ` +
      'Bila masalahnya muncul lagi, buat tiket baru.',
    followUpTooLong: (max: number, got: number) =>
      `Pesan terlalu panjang (${got} karakter; maksimal ${max}). Mohon ringkas, atau kirim rinciannya sebagai dokumen.`,
    listMore: (shown: number) => `Menampilkan ${shown} tiket terbaru.`,
    draftExpired:
      'Pembuatan tiket sebelumnya lama tidak dilanjutkan dan belum dikirim, jadi tidak ada tiket yang dibuat. ' +
      'Ketik /tiket untuk memulai lagi.',
    followUpClosed: (id: number) =>
      `Tiket #${id} sudah ditutup, jadi pesan ini tidak ditambahkan. Ketik /tiket untuk membuat tiket baru.`,
    followUpEmpty: (id: number) => `Tulis pesan Anda setelah nomor tiket, misalnya: #${id} sudah saya coba, masih gagal.`,
    /** `quote`: the channel lets a user reply to a message (Telegram, WhatsApp); a web page cannot. */
    replyHint: (id: number, quote: boolean) =>
      `Untuk menanggapi, ${quote ? 'balas pesan ini atau ' : ''}tulis #${id} diikuti pesan Anda.`,
    notice: {
      reply: (id: number, text: string) => `Balasan petugas untuk tiket #${id}:\n\n${text}`,
      start: (id: number) => `Tiket #${id} sedang diproses oleh petugas.`,
      wait: (id: number, text?: string) => `Tiket #${id} menunggu tanggapan Anda.${text ? `\n\n${text}` : ''}`,
      escalate: (id: number, party: string, ref?: string) =>
        `Tiket #${id} telah diteruskan ke ${party}${ref ? ` (nomor referensi ${ref})` : ''}. ` +
        `Masalah ini berada pada sistem nasional yang dikelola ${party}, sehingga perbaikannya dilakukan oleh ${party}. ` +
        'Biro PBJ memantau tindak lanjutnya dan akan mengabari Anda di sini.',
      resolve: (id: number, text: string | undefined, days: number, quote: boolean) =>
        `Tiket #${id} telah selesai.${text ? `\n\n${text}` : ''}\n\n` +
        `Bila masalah belum teratasi, ${quote ? 'balas pesan ini atau ' : ''}tulis #${id} dalam ${days} hari ` +
        'untuk membukanya kembali.',
      close: (id: number) => `Tiket #${id} telah ditutup. Terima kasih telah menghubungi helpdesk Biro PBJ.`,
      autoClose: (id: number, days: number) =>
        `Tiket #${id} ditutup otomatis karena tidak ada tanggapan dalam ${days} hari setelah selesai. ` +
        'Ketik /tiket bila Anda memerlukan bantuan lagi.',
      reopen: (id: number) => `Tiket #${id} dibuka kembali dan sedang diproses oleh petugas.`,
      statusLine: (status: string) => `Status: ${status}.`,
      /** The status of an escalated ticket, naming who has it now rather than "LKPP/Telkom". */
      escalatedTo: (party: string) => `Diteruskan ke ${party}`,
    },
    handoff: {
      started: (id: number, askLabel: string) =>
        `Pesan Anda berikutnya di chat ini langsung diteruskan ke petugas yang menangani tiket #${id}; ` +
        `tidak perlu menulis #${id}. Untuk bertanya hal lain kepada asisten otomatis, ketik /menu lalu pilih ` +
        `"${askLabel}". Perintah seperti /status tetap dapat digunakan.`,
      forwarded: (id: number) => `Pesan Anda telah diteruskan ke petugas yang menangani tiket #${id}.`,
    },
    bareNumber: (n: string) =>
      `Saat ini tidak ada pilihan nomor ${n} yang menunggu jawaban Anda. Tulis pertanyaan Anda dengan kalimat, ` +
      `ketik /menu untuk melihat pilihan, atau ketik /status ${n} bila yang Anda maksud tiket #${n}.`,
    badMention: (typed: string) =>
      `"#${typed}" bukan nomor tiket: nomor tiket berupa angka bulat. ` +
      'Untuk menambahkan pesan ke tiket, tulis misalnya: #12 sudah saya coba, masih gagal.',
    numberAfterTiket: (n: string) =>
      `Untuk membuat tiket baru, tulis /tiket lalu uraian masalahnya, misalnya: /tiket tidak bisa unggah dokumen penawaran. ` +
      `Untuk melihat tiket yang sudah ada, ketik /status ${n} (atau /status untuk semua tiket Anda).`,
    rating: {
      ask: 'Bagaimana penilaian Anda atas layanan kami untuk tiket ini?',
      labels: ['1 — Tidak puas', '2 — Kurang puas', '3 — Puas', '4 — Sangat puas'] as readonly string[],
      thanks: 'Terima kasih atas penilaian Anda. Ingin menambahkan saran atau komentar? Tulis saja di sini.',
      addComment: 'Tulis saran',
      noComment: 'Tidak, terima kasih',
      askComment: 'Silakan tulis saran atau komentar Anda (atau ketik /lewati).',
      commentSaved: 'Terima kasih, komentar Anda telah kami catat.',
      skipped: 'Baik, terima kasih.',
      alreadyRated: (id: number) => `Tiket #${id} sudah Anda nilai. Terima kasih.`,
      notResolved: (id: number) => `Tiket #${id} belum selesai, jadi belum dapat dinilai.`,
    },
  },
} as const;
