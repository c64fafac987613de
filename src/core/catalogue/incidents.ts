// The incidents feature (src/incidents): outages of a system many users hit at once.
// The advice follows the domain facts: if the system itself was disrupted, the pokja may change the
// tender schedule (it is the pokja's decision, announced in SPSE); national systems are LKPP's/Telkom's.
export const incidentTexts = {
  incidents: {
    systemNames: { spse: 'SPSE', 'e-katalog': 'e-Katalog', inaproc: 'akun INAPROC', other: 'sistem lain' },
    ownerNames: { lkpp: 'LKPP', telkom: 'PT Telkom', biro: 'Biro PBJ' },
    statusNames: { open: 'terbuka', monitoring: 'dipantau', resolved: 'selesai' },
    /** The title of an incident opened from a surge notice. */
    defaultTitle: (system: string) => `${system} tidak bisa diakses`,

    // What a user asking about it is told.
    userStatus: (p: {
      title: string;
      since: string;
      system: string;
      owner: string;
      national: boolean;
      ref?: string | undefined;
      monitoring: boolean;
      update?: string | undefined;
      updateAt?: string | undefined;
    }) =>
      [
        `⚠️ **Gangguan yang sedang berlangsung: ${p.title}**`,
        `Kami sudah mengetahui gangguan ini sejak ${p.since}. Anda tidak perlu melaporkannya lagi.`,
        p.national
          ? `${p.system} adalah sistem nasional yang dikelola ${p.owner}; Biro PBJ tidak dapat memperbaikinya langsung. Gangguan ini sudah kami teruskan ke ${p.owner}${p.ref ? ` (nomor laporan: ${p.ref})` : ''} dan kami pantau.`
          : `Gangguan ini sedang ditangani ${p.owner}${p.ref ? ` (nomor laporan: ${p.ref})` : ''}.`,
        ...(p.monitoring
          ? ['Perbaikan sudah dilakukan dan sedang dipantau; bila masih gagal, coba lagi beberapa saat lagi.']
          : []),
        ...(p.update ? [`Kabar terakhir (${p.updateAt}): ${p.update}`] : []),
        '',
        '**Sementara menunggu:**',
        '1. Simpan screenshot pesan error dan catat jam kejadian sebagai bukti.',
        '2. Bila gangguan mengenai tahapan tender yang sedang berjalan (misalnya unggah penawaran), Pokja pemilihan dapat mengubah jadwal jika sistemnya sendiri terganggu. Keputusan itu ada pada Pokja dan diumumkan di SPSE: pantau jadwal paket Anda dan sampaikan kendala kepada Pokja melalui SPSE.',
        '3. Jangan menunggu menit-menit terakhir setelah sistem pulih.',
        '',
        'Kami akan mengabari Anda di chat ini begitu gangguan teratasi. Anda tetap boleh membuat tiket dengan /tiket bila perlu.',
      ].join('\n'),
    update: (p: { title: string; text: string }) => `ℹ️ **Kabar gangguan: ${p.title}**\n${p.text}`,
    resolved: (p: { title: string; text: string }) =>
      `✅ **Gangguan sudah teratasi: ${p.title}**\n${p.text}\n\nTerima kasih atas kesabaran Anda. Bila masih mengalami kendala, ketik /tiket.`,
    /** To a chat whose own tickets were resolved with the incident: one message, naming them all. */
    resolvedTickets: (p: { title: string; text: string; ids: readonly number[]; days: number; quote: boolean }) => {
      const list = p.ids.map((id) => `#${id}`);
      const named = list.length === 1 ? `Tiket ${list[0]}` : `Tiket ${list.slice(0, -1).join(', ')} dan ${list.at(-1)}`;
      const reopen =
        p.ids.length === 1
          ? `${p.quote ? 'balas pesan ini atau ' : ''}tulis ${list[0]} dalam ${p.days} hari untuk membukanya kembali.`
          : `tulis nomor tiketnya diikuti pesan Anda (misalnya ${list[0]} masih gagal) dalam ${p.days} hari untuk membukanya kembali.`;
      return `✅ **Gangguan sudah teratasi: ${p.title}**\n${p.text}\n\n${named} Anda yang terkait gangguan ini telah selesai. Terima kasih atas kesabaran Anda. Bila masalah belum teratasi, ${reopen}`;
    },
    /** The rating question under it when it names several tickets: which one is rated. */
    rateTicket: (id: number) => `Bagaimana penilaian Anda atas layanan kami untuk tiket #${id}?`,
    opened: (p: { title: string; system: string; owner: string }) =>
      `⚠️ **Pemberitahuan gangguan: ${p.title}**\nSaat ini ${p.system} sedang mengalami gangguan. Gangguan sudah kami teruskan ke ${p.owner} dan kami pantau. Kami akan mengabarkan bila sudah teratasi.`,
    /** On a linked ticket's history. */
    ticketLinked: (label: string, title: string) => `Ditautkan ke insiden ${label}: ${title}`,
    ticketResolvedNote: (label: string) => `Insiden ${label} selesai; tiket dibiarkan terbuka atas permintaan petugas.`,

    // The report section (src/incidents/report.ts).
    report: {
      none: 'Insiden: tidak ada.',
      header: (p: { count: number; byOwner: string; duration: string; users: number; tickets: number }) =>
        `Insiden: ${p.count} (${p.byOwner}) · total durasi ${p.duration} · ${p.users} pengguna terdampak · ${p.tickets} tiket`,
      line: (p: {
        label: string;
        title: string;
        owner: string;
        status: string;
        duration: string;
        users: number;
        tickets: number;
      }) => `• ${p.label} ${p.title} — ${p.owner}, ${p.status}, ${p.duration}, ${p.users} pengguna, ${p.tickets} tiket`,
    },
    // Staff.
    /** The one line `/bantuan` gives staff (the whole list: `/insiden`). */
    helpLine: '/insiden — kelola gangguan sistem (insiden I-N): daftar, buka, kabar, dan selesai',
    surgeNotice: (p: { count: number; what: string; minutes: number }) =>
      `🚨 ${p.count} pengguna melaporkan ${p.what} dalam ${p.minutes} menit.\nBila ini gangguan, buat insiden agar pengguna berikutnya langsung mendapat kabarnya dan semua dikabari saat pulih.`,
    surgeButton: 'Buat insiden',
    surgeTaken: (label: string) => `Insiden ${label} sudah dibuat untuk lonjakan ini.`,
    surgeExpired: 'Lonjakan ini sudah tidak tercatat.',
    alreadyActive: (label: string, title: string) =>
      `Masih ada insiden aktif untuk sistem ini: ${label} — ${title}. Ketik /insiden ${label} info <teks> untuk kabar baru.`,
    openedConfirm: (p: { label: string; title: string; system: string; owner: string; users: number; announced: number }) =>
      `Insiden ${p.label} dibuka: ${p.title}\nSistem: ${p.system} · Pemilik: ${p.owner}\nPengguna terdampak tercatat: ${p.users}${p.announced > 0 ? `\nPemberitahuan dikirim ke ${p.announced} pelanggan pengumuman.` : ''}\nPengguna yang bertanya tentang gangguan ini kini langsung mendapat kabarnya.`,
    listHeader: (n: number) => (n === 0 ? 'Belum ada insiden.' : `Insiden (${n}):`),
    listLine: (p: {
      label: string;
      status: string;
      system: string;
      owner: string;
      title: string;
      since: string;
      users: number;
    }) => `${p.label} · ${p.status} · ${p.system}/${p.owner} · ${p.title} · sejak ${p.since} · ${p.users} pengguna`,
    detail: (p: {
      label: string;
      title: string;
      status: string;
      system: string;
      owner: string;
      ref?: string | undefined;
      since: string;
      until?: string | undefined;
      users: number;
      tickets: string;
    }) =>
      [
        `Insiden ${p.label}: ${p.title}`,
        `Status: ${p.status} · Sistem: ${p.system} · Pemilik: ${p.owner}`,
        `Referensi: ${p.ref ?? '—'}`,
        `Mulai: ${p.since}${p.until ? ` · Selesai: ${p.until}` : ''}`,
        `Pengguna terdampak: ${p.users} · Tiket: ${p.tickets}`,
      ].join('\n'),
    historyLine: (at: string, what: string, text?: string) => `• ${at} ${what}${text ? `: ${text}` : ''}`,
    eventNames: {
      opened: 'dibuka',
      update: 'kabar',
      ref: 'referensi',
      link: 'tiket ditautkan',
      monitoring: 'dipantau',
      resolved: 'selesai',
    },
    updateSent: (label: string, n: number) => `Kabar insiden ${label} dicatat dan dikirim ke ${n} pengguna.`,
    refSet: (label: string, ref: string) => `Referensi insiden ${label}: ${ref}.`,
    linked: (label: string, ids: string) => `Tiket ${ids} ditautkan ke insiden ${label}.`,
    linkMissing: (ids: string) => `Tiket tidak ditemukan: ${ids}.`,
    monitoringSet: (label: string) => `Insiden ${label} kini dipantau. Ketik /insiden ${label} selesai <teks> bila sudah pulih.`,
    resolvedConfirm: (p: { label: string; users: number; tickets: number; kept: boolean }) =>
      `Insiden ${p.label} selesai. Pemberitahuan dikirim ke ${p.users} pengguna.${p.tickets > 0 ? ` ${p.tickets} tiket tertaut ${p.kept ? 'dibiarkan terbuka (dicatat di riwayatnya)' : 'ditandai selesai'}.` : ''}`,
    notFound: (label: string) => `Insiden ${label} tidak ditemukan. Ketik /insiden untuk daftarnya.`,
    alreadyResolved: (label: string) => `Insiden ${label} sudah selesai; buka insiden baru bila gangguan muncul lagi.`,
    notAllowed: (label: string, status: string) => `Insiden ${label} berstatus ${status}; perubahan itu tidak dapat dilakukan.`,
    unknownSystem: (value: string) => `Sistem "${value}" tidak dikenal. Pilih: spse, e-katalog, inaproc, lainnya.`,
    unknownOwner: (value: string) => `Pemilik "${value}" tidak dikenal. Pilih: lkpp, telkom, biro.`,
    usage: [
      'Perintah insiden:',
      '/insiden — daftar insiden',
      '/insiden buka <judul> [sistem=spse|e-katalog|inaproc|lainnya] [pemilik=lkpp|telkom|biro] [umumkan]',
      '/insiden I-N — rincian dan riwayat',
      '/insiden I-N info <teks> — kabar ke pengguna terdampak',
      '/insiden I-N ref <nomor> — nomor laporan LKPP/Telkom',
      '/insiden I-N tautkan #12 #15 — tautkan tiket',
      '/insiden I-N pantau — perbaikan sedang dipantau',
      '/insiden I-N selesai <teks> [tiket=biarkan] — tutup insiden dan kabari semua',
    ].join('\n'),
  },
} as const;
