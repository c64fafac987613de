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
    askHint: 'Silakan tulis pertanyaan Anda, misalnya: "cara daftar akun penyedia" atau "lupa password".',
  },
  errors: {
    internal: 'Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi.',
    emptyMessage: 'Pesan Anda kosong. Silakan tulis pertanyaan Anda dengan kata-kata.',
    unknownCommand: (command: string) =>
      `Maaf, perintah ${command} tidak dikenal. Ketik /menu untuk melihat perintah yang tersedia.`,
    flowExpired: 'Proses sebelumnya lama tidak dilanjutkan, jadi saya hentikan.',
    flowUnreadable:
      'Maaf, isian Anda yang belum selesai tidak dapat dilanjutkan setelah pembaruan sistem, jadi saya mulai dari awal. Pesan Anda tetap saya jawab di bawah ini.',
    choiceExpired: 'Pilihan itu sudah tidak berlaku. Silakan tulis pertanyaan Anda lagi atau ketik /menu.',
  },
  faq: {
    feedbackQuestion: 'Apakah jawaban ini membantu?',
    feedbackYes: 'Ya, membantu',
    feedbackNo: 'Belum membantu',
    thanksForFeedback: 'Terima kasih atas masukan Anda.',
    sorryNotHelpful: 'Maaf, jawaban tadi belum membantu. Petugas kami dapat membantu langsung melalui tiket.',
    didYouMean: 'Maksud Anda salah satu dari ini?',
    didYouMeanOne: 'Maksud Anda ini?',
    noneOfThese: 'Tidak ada yang sesuai',
    notThis: 'Bukan itu',
    notUnderstood:
      'Maaf, saya belum memahami pertanyaan Anda. Coba tulis dengan kata lain, ' + 'atau buat tiket agar petugas kami membantu.',
    openTicketHint: 'Ketik /tiket untuk membuat tiket.',
    openTicket: 'Buat tiket',
    unknownIntent: 'Maaf, topik itu sudah tidak tersedia. Silakan tulis pertanyaan Anda lagi.',
    link: (label: string, url: string) => `🔗 ${label}: ${url}`,
    acknowledged: 'Baik. Bila ada yang ingin ditanyakan lagi, tulis saja atau ketik /menu.',
    noWords: 'Silakan tulis pertanyaan Anda dengan kata-kata, misalnya "lupa password" atau "cara ikut tender".',
    tooLong:
      'Pesan Anda cukup panjang. Bila ini laporan masalah, buat tiket agar petugas membacanya dengan teliti; ' +
      'bila ini pertanyaan, mohon tulis intinya dalam satu-dua kalimat.',
  },
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
    created: (p: { id: number; status: string; due: string }) =>
      `Tiket #${p.id} telah dibuat. Status: ${p.status}.\n` +
      `Petugas kami akan menanggapi paling lambat ${p.due} (jam kerja). ` +
      `Setiap perubahan akan dikirim ke chat ini. Ketik /status ${p.id} untuk melihat tiket.`,
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
    replyHint: (id: number) => `Untuk menanggapi, balas pesan ini atau tulis #${id} diikuti pesan Anda.`,
    notice: {
      reply: (id: number, text: string) => `Balasan petugas untuk tiket #${id}:\n\n${text}`,
      start: (id: number) => `Tiket #${id} sedang diproses oleh petugas.`,
      wait: (id: number, text?: string) => `Tiket #${id} menunggu tanggapan Anda.${text ? `\n\n${text}` : ''}`,
      escalate: (id: number, party: string, ref?: string) =>
        `Tiket #${id} telah diteruskan ke ${party}${ref ? ` (nomor referensi ${ref})` : ''}. ` +
        `Masalah ini berada pada sistem nasional yang dikelola ${party}, sehingga perbaikannya dilakukan oleh ${party}. ` +
        'Biro PBJ memantau tindak lanjutnya dan akan mengabari Anda di sini.',
      resolve: (id: number, text: string | undefined, days: number) =>
        `Tiket #${id} telah selesai.${text ? `\n\n${text}` : ''}\n\n` +
        `Bila masalah belum teratasi, balas pesan ini atau tulis #${id} dalam ${days} hari untuk membukanya kembali.`,
      close: (id: number) => `Tiket #${id} telah ditutup. Terima kasih telah menghubungi helpdesk Biro PBJ.`,
      autoClose: (id: number, days: number) =>
        `Tiket #${id} ditutup otomatis karena tidak ada tanggapan dalam ${days} hari setelah selesai. ` +
        'Ketik /tiket bila Anda memerlukan bantuan lagi.',
      reopen: (id: number) => `Tiket #${id} dibuka kembali dan sedang diproses oleh petugas.`,
      statusLine: (status: string) => `Status: ${status}.`,
    },
    rating: {
      ask: 'Bagaimana penilaian Anda atas layanan kami untuk tiket ini?',
      labels: ['1 — Tidak puas', '2 — Kurang puas', '3 — Puas', '4 — Sangat puas'] as readonly string[],
      thanks: 'Terima kasih atas penilaian Anda. Ingin menambahkan saran atau komentar?',
      addComment: 'Tulis saran',
      noComment: 'Tidak, terima kasih',
      askComment: 'Silakan tulis saran atau komentar Anda (atau ketik /lewati).',
      commentSaved: 'Terima kasih, komentar Anda telah kami catat.',
      skipped: 'Baik, terima kasih.',
      alreadyRated: (id: number) => `Tiket #${id} sudah Anda nilai. Terima kasih.`,
      notResolved: (id: number) => `Tiket #${id} belum selesai, jadi belum dapat dinilai.`,
    },
  },
  staff: {
    notStaff: 'Maaf, perintah ini hanya tersedia untuk petugas helpdesk.',
    adminOnly: 'Maaf, perintah ini hanya untuk admin (supervisor) helpdesk.',
    usage: {
      queue: '/antrian [baru|proses|tunggu|eskalasi|selesai|tutup|semua]',
      view: '/lihat N',
      reply: '/balas N teks   atau   /balas N @id-intent',
      reply_intent: '/balas N @id-intent',
      take: '/ambil N',
      progress: '/proses N',
      wait: '/tunggu N [pertanyaan untuk pengguna]',
      resolve: '/selesai N [keterangan]',
      close: '/tutup N',
      reopen: '/buka N',
      escalate: '/eskalasi N LKPP|Telkom [nomor-referensi]',
      note: '/catatan N teks',
      broadcast: '/siaran teks pengumuman',
      report: '/laporan [jumlah hari, 1–366]',
      staff_list: '/petugas',
    } as Record<string, string>,
    usageLine: (usage: string) => `Format perintah: ${usage}`,
    notFound: (id: number) => `Tiket #${id} tidak ditemukan.`,
    refusedClosed: (id: number) => `Tiket #${id} sudah ditutup. Gunakan /buka ${id} untuk membukanya kembali.`,
    refusedSame: (id: number, status: string) => `Tiket #${id} sudah berstatus ${status}.`,
    refusedNotAllowed: (id: number, status: string, command: string) =>
      `Tiket #${id} berstatus ${status}; ${command} tidak dapat dipakai pada status ini.`,
    refusedWindow: (id: number) => `Batas waktu membuka kembali tiket #${id} sudah lewat.`,
    replied: (id: number) => `Balasan terkirim ke pengguna (tiket #${id}).`,
    repliedWithFiles: (id: number, n: number) => `Balasan dan ${n} lampiran dikirim ke pengguna (tiket #${id}).`,
    filesOnly: '(lihat lampiran)',
    statusChanged: (id: number, status: string) => `Tiket #${id} sekarang berstatus ${status}. Pengguna sudah diberi tahu.`,
    taken: (id: number, name: string) => `Tiket #${id} ditangani oleh ${name}.`,
    alreadyTaken: (id: number, name: string) => `Tiket #${id} sudah ditangani oleh ${name}.`,
    noted: (id: number) => `Catatan internal ditambahkan ke tiket #${id} (tidak dikirim ke pengguna).`,
    escalated: (id: number, party: string, ref?: string) =>
      `Tiket #${id} tercatat telah diteruskan ke ${party}${ref ? ` (ref ${ref})` : ''}. Pengguna sudah diberi tahu.`,
    unknownIntent: (id: string) => `Jawaban FAQ @${id} tidak ada. Periksa id intent di folder intents/.`,
    queueHeader: (label: string, n: number) => `Antrian ${label}: ${n} tiket`,
    queueLabels: { open: 'terbuka', all: 'semua' } as Record<string, string>,
    queueEmpty: 'Tidak ada tiket pada antrian ini.',
    queueMore: (n: number) => `…dan ${n} tiket lainnya.`,
    queueLine: (p: { id: number; status: string; category: string; age: string; flag: string; assignee?: string | undefined }) =>
      `#${p.id} · ${p.status} · ${p.category} · ${p.age}${p.assignee ? ` · ${p.assignee}` : ''}${p.flag ? ` · ${p.flag}` : ''}`,
    escalatedLine: (p: { id: number; party: string; ref?: string | undefined; waited: string }) =>
      `#${p.id} · ${p.party}${p.ref ? ` (ref ${p.ref})` : ''} · menunggu ${p.waited}`,
    slaBreached: '⛔ lewat SLA',
    slaAtRisk: '⚠️ hampir lewat SLA',
    duration: (minutes: number) =>
      minutes < 60
        ? `${Math.max(1, Math.round(minutes))} menit`
        : minutes < 48 * 60
          ? `${Math.round(minutes / 60)} jam`
          : `${Math.round(minutes / 1440)} hari`,
    view: (p: {
      id: number;
      status: string;
      category: string;
      user: string;
      channel: string;
      created: string;
      firstDue: string;
      resolutionDue: string;
      assignee?: string | undefined;
      external?: string | undefined;
      rating?: string | undefined;
      description: string;
      files: number;
    }) =>
      [
        `Tiket #${p.id} — ${p.status}`,
        `Kategori: ${p.category}`,
        `Pengguna: ${p.user} (${p.channel})`,
        `Dibuat: ${p.created}`,
        `Target tanggapan pertama: ${p.firstDue}`,
        `Target selesai: ${p.resolutionDue}`,
        ...(p.assignee ? [`Petugas: ${p.assignee}`] : []),
        ...(p.external ? [`Diteruskan ke: ${p.external}`] : []),
        ...(p.rating ? [`Penilaian: ${p.rating}`] : []),
        ...(p.files > 0 ? [`Lampiran: ${p.files} berkas`] : []),
        '',
        p.description,
      ].join('\n'),
    historyHeader: 'Riwayat:',
    historyLine: (p: { at: string; actor: string; what: string; text?: string | undefined }) =>
      `• ${p.at} — ${p.actor}: ${p.what}${p.text ? ` — "${p.text}"` : ''}`,
    actorUser: 'pengguna',
    unknownStaff: '(petugas tanpa nama)',
    userCommandInGroup: 'Perintah ini untuk pengguna. Di grup petugas gunakan perintah petugas, misalnya /antrian.',
    takenOver: (id: number, name: string, previous: string) =>
      `Tiket #${id} kini ditangani oleh ${name} (sebelumnya ${previous}).`,
    actorSystem: 'sistem',
    eventNames: {
      created: 'membuat tiket',
      reply: 'membalas',
      note: 'catatan internal',
      assigned: 'mengambil tiket',
      start: 'memproses',
      wait: 'menunggu pengguna',
      escalate: 'meneruskan',
      resolve: 'menyelesaikan',
      close: 'menutup',
      auto_close: 'menutup otomatis',
      reopen: 'membuka kembali',
      user_message: 'menambahkan pesan',
      reopened_by_user: 'membuka kembali dengan pesan',
      rating: 'memberi nilai',
      rating_comment: 'memberi komentar',
    } as Record<string, string>,
    noticeNew: (p: {
      id: number;
      category: string;
      user: string;
      channel: string;
      company?: string | undefined;
      text: string;
      files: number;
    }) =>
      [
        `🆕 Tiket baru #${p.id} · ${p.category}`,
        `Dari: ${p.user} (${p.channel})${p.company ? ` · ${p.company}` : ''}`,
        '',
        p.text,
        ...(p.files > 0 ? ['', `Lampiran: ${p.files} berkas`] : []),
        '',
        `/ambil ${p.id} · /balas ${p.id} teks · /lihat ${p.id}`,
      ].join('\n'),
    noticeFollowUp: (p: {
      id: number;
      status: string;
      category: string;
      user: string;
      text: string;
      files: number;
      reopened: boolean;
    }) =>
      [
        p.reopened
          ? `🔁 Tiket #${p.id} · ${p.category} dibuka kembali oleh ${p.user}:`
          : `💬 Tiket #${p.id} · ${p.category} (${p.status}) · pesan dari ${p.user}:`,
        '',
        p.text || '(tanpa teks)',
        ...(p.files > 0 ? ['', `Lampiran: ${p.files} berkas`] : []),
        '',
        `/balas ${p.id} teks · /lihat ${p.id}`,
      ].join('\n'),
    noticeOffline: (p: { user: string; channel: string; at: string; text: string; files: number }) =>
      [
        `📥 Pesan yang masuk saat desk offline, dari ${p.user} (${p.channel}, ${p.at}):`,
        '',
        p.text || '(tanpa teks)',
        ...(p.files > 0 ? ['', `Lampiran: ${p.files} berkas`] : []),
        '',
        'Pesan ini sudah terlalu lama untuk dijawab otomatis; pengguna belum menerima balasan.',
      ].join('\n'),
    take: 'Ambil',
    viewButton: 'Lihat',
    broadcastQueued: (n: number) =>
      `Pengumuman diantrekan untuk ${n} pelanggan. Pengiriman mengikuti batas kecepatan tiap kanal.`,
    broadcastNone: 'Belum ada pengguna yang berlangganan pengumuman. Tidak ada yang dikirim.',
    broadcastMessage: (text: string) => `📢 Pengumuman Biro PBJ\n\n${text}\n\nKetik /berhenti untuk berhenti berlangganan.`,
    staffListHeader: 'Petugas helpdesk:',
    staffLine: (p: { role: string; channel: string; userId: string; name?: string | null; active: boolean }) =>
      `• ${p.role} · ${p.channel} · ${p.userId}${p.name ? ` (${p.name})` : ''}${p.active ? '' : ' — nonaktif'}`,
  },
  report: {
    title: (days: number, from: string, to: string) => `Laporan helpdesk ${days} hari terakhir (${from} – ${to})`,
    opened: (n: number) => `Tiket masuk: ${n}`,
    byCategory: 'Per kategori:',
    byStatus: 'Status saat ini:',
    item: (label: string, n: number) => `• ${label}: ${n}`,
    firstResponse: (p: { responded: number; total: number; onTime: number; measured: number; medianMinutes: number | null }) =>
      `Tanggapan pertama: ${p.responded}/${p.total} ditanggapi` +
      (p.medianMinutes === null ? '' : `, median ${p.medianMinutes} menit jam kerja`) +
      `; tepat waktu ${p.onTime} dari ${p.measured} yang sudah ditanggapi atau lewat target`,
    resolution: (p: { resolved: number; onTime: number; measured: number }) =>
      `Diselesaikan: ${p.resolved}; tepat waktu ${p.onTime} dari ${p.measured} yang sudah selesai atau lewat target`,
    breachedOpen: (n: number) => `Tiket terbuka yang sudah lewat SLA: ${n}`,
    escalations: (lkpp: number, telkom: number) => `Diteruskan: LKPP ${lkpp}, Telkom ${telkom}`,
    satisfaction: (p: { n: number; mean: number | null }) =>
      p.mean === null
        ? 'Kepuasan: belum ada penilaian'
        : `Kepuasan: ${p.n} penilaian, rata-rata ${p.mean.toFixed(2)} dari 4 (nilai konversi ${(p.mean * 25).toFixed(1)})`,
    faq: (p: { unmatched: number; helpful: number; notHelpful: number }) =>
      `FAQ: ${p.unmatched} pertanyaan tak terjawab; umpan balik membantu ${p.helpful}, belum membantu ${p.notHelpful}`,
  },
  channelNames: { console: 'konsol', telegram: 'Telegram', whatsapp: 'WhatsApp' } as Record<string, string>,
  roleNames: { admin: 'admin', agent: 'petugas' } as Record<string, string>,
  subscriptions: {
    subscribed: 'Anda kini berlangganan pengumuman Biro PBJ. Ketik /berhenti kapan saja untuk berhenti.',
    alreadySubscribed: 'Anda sudah berlangganan pengumuman. Ketik /berhenti untuk berhenti.',
    unsubscribed: 'Anda berhenti berlangganan pengumuman. Ketik /langganan untuk berlangganan lagi.',
    notSubscribed: 'Anda belum berlangganan pengumuman. Ketik /langganan untuk berlangganan.',
    subscribeButton: 'Langganan pengumuman',
  },
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
    },
  },
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
  platform: {
    channelDown: (channel: string, reason: string) =>
      `⚠️ Kanal ${channel} front desk berhenti: ${reason}\nKanal lain tetap melayani. Periksa log server dan konfigurasi, lalu jalankan ulang layanan.`,
  },
  /** The command menus Telegram shows (setMyCommands); the desk understands more aliases. */
  commandMenu: {
    user: {
      menu: 'Tampilkan menu layanan',
      tiket: 'Buat tiket pengaduan atau laporan',
      status: 'Lihat status tiket Anda',
      langganan: 'Terima pengumuman dari Biro PBJ',
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
    } as Record<string, string>,
  },
  choices: {
    /** How a numbered choice list ends on channels without buttons (console, WhatsApp). */
    replyWithNumber: (n: number) => (n === 1 ? 'Balas dengan angka 1.' : `Balas dengan angka 1–${n}.`),
  },
  console: {
    banner: 'Front desk Biro PBJ — mode konsol.\n' + 'Tulis pertanyaan lalu tekan Enter. Ketik /keluar untuk keluar.',
    prompt: 'Anda> ',
    bot: 'Desk> ',
    goodbye: 'Terima kasih, sampai jumpa.',
    quitCommands: ['/keluar', '/exit', '/quit'],
  },
} as const;
