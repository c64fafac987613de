// The staff commands (src/staff): usage, queue, ticket view, notices to the staff group, broadcast, staff list.
export const staffTexts = {
  staff: {
    notStaff: 'Maaf, perintah ini hanya tersedia untuk petugas helpdesk.',
    adminOnly: 'Maaf, perintah ini hanya untuk admin (supervisor) helpdesk.',
    usage: {
      queue: '/antrian [saya|baru|proses|tunggu|eskalasi|selesai|tutup|semua]',
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
      report: '/laporan [jumlah hari, 1–366] atau /laporan <periode> (2026-11, 2026-Q3, 2026)',
      staff_list: '/petugas',
      recategorise: '/kategori N id-kategori',
      search: '/cari kata (uraian, nama, perusahaan atau nomor HP)',
      gaps: '/celah [jumlah hari, 1–366]',
      help: '/bantuan',
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
    repliedFilesLeft: (id: number, n: number, channel: string) =>
      `Balasan terkirim ke pengguna (tiket #${id}), tetapi ${n} lampiran tidak ikut: pengguna memakai ${channel}, dan berkas dari kanal ini belum dapat diteruskan ke sana. Kirim isinya sebagai teks atau tautan, atau minta pengguna menghubungi kanal ini.`,
    filesOnly: '(lihat lampiran)',
    /** Under a reply confirmation for a web chat user, who has no app that rings. */
    webReplyNote:
      'Pengguna Web melihat balasan ini di halaman obrolannya bila sedang terbuka, atau saat kembali ke sana (dan lewat e-mail bila ia meninggalkan alamat dan pengiriman e-mail diaktifkan).',
    statusChanged: (id: number, status: string) => `Tiket #${id} sekarang berstatus ${status}. Pengguna sudah diberi tahu.`,
    taken: (id: number, name: string) => `Tiket #${id} ditangani oleh ${name}.`,
    alreadyTaken: (id: number, name: string) => `Tiket #${id} sudah ditangani oleh ${name}.`,
    noted: (id: number) => `Catatan internal ditambahkan ke tiket #${id} (tidak dikirim ke pengguna).`,
    escalated: (id: number, party: string, ref?: string) =>
      `Tiket #${id} tercatat telah diteruskan ke ${party}${ref ? ` (ref ${ref})` : ''}. Pengguna sudah diberi tahu.`,
    unknownIntent: (id: string) => `Jawaban FAQ @${id} tidak ada. Periksa id intent di folder intents/.`,
    queueHeader: (label: string, n: number) => `Antrian ${label}: ${n} tiket`,
    queueLabels: { open: 'terbuka', all: 'semua', mine: 'Anda (terbuka)' } as Record<string, string>,
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
      /** What the person left for staff (the web chat's form): phone, e-mail. */
      reach?: string | undefined;
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
        ...(p.reach ? [`Kontak: ${p.reach}`] : []),
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
      recategorise: 'mengubah kategori',
    } as Record<string, string>,
    noticeNew: (p: {
      id: number;
      category: string;
      user: string;
      channel: string;
      company?: string | undefined;
      /** What the person left for staff (the web chat's form): phone, e-mail. */
      reach?: string | undefined;
      text: string;
      files: number;
    }) =>
      [
        `🆕 Tiket baru #${p.id} · ${p.category}`,
        `Dari: ${p.user} (${p.channel})${p.company ? ` · ${p.company}` : ''}`,
        ...(p.reach ? [`Kontak: ${p.reach}`] : []),
        '',
        p.text,
        ...(p.files > 0 ? ['', `Lampiran: ${p.files} berkas`] : []),
        '',
        `/ambil ${p.id} · /balas ${p.id} teks · /lihat ${p.id}`,
      ].join('\n'),
    /** Under each file of a notice: in a staff group without topics, what ticket a photo belongs to. */
    noticeFile: (id: number, n: number, of: number) => `Tiket #${id} · lampiran ${n}/${of}`,
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
    broadcastSiteOnly: 'Pengumuman dicatat dan tampil di halaman Pengumuman situs. Belum ada pelanggan chat yang menerimanya.',
    broadcastMessage: (text: string) => `📢 Pengumuman Biro PBJ\n\n${text}\n\nKetik /berhenti untuk berhenti berlangganan.`,
    staffListHeader: 'Petugas helpdesk:',
    staffLine: (p: { role: string; channel: string; userId: string; name?: string | null; active: boolean }) =>
      `• ${p.role} · ${p.channel} · ${p.userId}${p.name ? ` (${p.name})` : ''}${p.active ? '' : ' — nonaktif'}`,
    /** Statuses as staff read them: the user's "Menunggu tanggapan Anda" would mean the staff member. */
    status: {
      new: 'Baru',
      in_progress: 'Diproses',
      waiting_user: 'Menunggu tanggapan pengguna',
      escalated: 'Diteruskan ke LKPP/Telkom',
      resolved: 'Selesai',
      closed: 'Ditutup',
    },
    recategorised: (p: { id: number; from: string; to: string; firstDue: string; resolutionDue: string }) =>
      `Kategori tiket #${p.id} diubah dari ${p.from} menjadi ${p.to} (tidak diberitahukan ke pengguna).\n` +
      `Target tanggapan pertama: ${p.firstDue}\nTarget selesai: ${p.resolutionDue}`,
    sameCategory: (id: number, category: string) => `Tiket #${id} sudah berkategori ${category}.`,
    unknownCategory: (id: string, known: string) => `Kategori "${id}" tidak ada. Pilihan: ${known}.`,
    categoryOption: (id: string, label: string) => `${id} (${label})`,
    takenOverNotice: (id: number, by: string) =>
      `Tiket #${id} yang Anda tangani kini diambil alih oleh ${by}. Ketik /lihat ${id} untuk melihat riwayatnya.`,
    smallTalk: (name: string) =>
      `Halo, ${name}. Pesan bebas di chat ini tidak dikirim ke pengguna mana pun. ` +
      'Untuk membalas tiket gunakan /balas N teks; ketik /bantuan untuk daftar perintah petugas.',
    help: {
      header: 'Perintah petugas helpdesk:',
      adminHeader: 'Khusus admin (supervisor):',
      footer:
        'Nomor tiket boleh ditulis 12 atau #12. Membalas pesan pemberitahuan tiket juga mengirim balasan ke pengguna. ' +
        'Menu pengguna: /menu.',
      line: (usage: string, does: string) => `${usage} — ${does}`,
      does: {
        queue: 'daftar tiket terbuka (saya: tiket yang Anda tangani)',
        search: 'cari tiket, terbaru lebih dulu',
        view: 'rincian dan riwayat tiket',
        reply: 'balas pengguna (atau kirim jawaban FAQ)',
        take: 'ambil tiket untuk Anda tangani',
        progress: 'tandai sedang diproses',
        wait: 'tanya pengguna dan tunggu tanggapannya',
        resolve: 'tandai selesai',
        close: 'tutup tiket',
        reopen: 'buka kembali tiket',
        escalate: 'catat diteruskan ke LKPP atau Telkom',
        note: 'catatan internal (tidak dikirim ke pengguna)',
        recategorise: 'perbaiki kategori; target SLA dihitung ulang',
        gaps: 'pertanyaan yang belum terjawab FAQ, dikelompokkan',
        broadcast: 'kirim pengumuman ke pelanggan (dengan pratinjau)',
        report: 'laporan periode',
        staff_list: 'daftar petugas',
      } as Record<string, string>,
    },
    search: {
      header: (query: string, n: number, more: boolean) =>
        `Hasil pencarian "${query}": ${n}${more ? '+' : ''} tiket (terbaru dulu)`,
      empty: (query: string) => `Tidak ada tiket yang cocok dengan "${query}".`,
      line: (p: { id: number; status: string; category: string; created: string; user: string; text: string }) =>
        `#${p.id} · ${p.status} · ${p.category} · ${p.created}\n   ${p.user}: ${p.text}`,
      more: (n: number) => `Menampilkan ${n} tiket terbaru; persempit kata pencarian untuk melihat yang lain.`,
    },
    gaps: {
      header: (days: number, total: number, groups: number) =>
        `Pertanyaan yang belum terjawab FAQ, ${days} hari terakhir: ${total} pertanyaan dalam ${groups} kelompok`,
      none: (days: number) => `Tidak ada pertanyaan yang belum terjawab FAQ dalam ${days} hari terakhir.`,
      groupLine: (n: number, terms: string, count: number) => `${n}. ${terms} — ${count}×`,
      example: (text: string) => `   • "${text}"`,
      more: (n: number) => `…dan ${n} kelompok lain yang lebih kecil.`,
      footer: 'Kelompok terbesar paling perlu ditambahkan ke FAQ (folder intents/).',
      reportHeader: 'Pertanyaan belum terjawab terbanyak:',
    },
    broadcastPreviewSiteOnly: (text: string) =>
      `Pratinjau pengumuman:\n\n${text}\n\nBelum ada pelanggan chat; pengumuman ini hanya akan tampil di halaman Pengumuman situs. Terbitkan sekarang?`,
    broadcastPreview: (text: string, n: number) => `Pratinjau pengumuman untuk ${n} pelanggan:\n\n${text}\n\nKirim sekarang?`,
    broadcastSend: 'Kirim',
    broadcastCancel: 'Batal',
    broadcastCancelled: 'Pengumuman dibatalkan. Tidak ada yang dikirim.',
    broadcastPick: 'Silakan pilih Kirim atau Batal untuk pengumuman di atas.',
    broadcastExpired: 'Pratinjau pengumuman ini sudah tidak berlaku. Ketik /siaran teks untuk membuat yang baru.',
  },
} as const;
