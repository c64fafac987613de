// The periodic report for LKPP and Telkom (src/reports): its summary, headings and table headers.
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
/** 2026-11-30 → "30 November 2026". */
const longDate = (date: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date));
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : String(date);
};
const num = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');

export const periodReportTexts = {
  periodReport: {
    bureau: 'Biro Pengadaan Barang dan Jasa Sekretariat Daerah Provinsi Kalimantan Tengah',
    bureauShort: 'Biro PBJ Kalteng',
    title: 'Laporan Berkala Layanan Helpdesk PBJ/LPSE',
    subtitle: 'Bahan koordinasi dengan LKPP dan Telkom',
    periodLine: (firstDay: string, lastDay: string) => `Periode dari ${longDate(firstDay)} sampai ${longDate(lastDay)}`,
    generated: (at: string) => `Dibuat ${at}`,
    page: (n: number, total: number) => `Halaman ${n} dari ${total}`,
    summary: (p: {
      firstDay: string;
      lastDay: string;
      opened: number;
      previousOpened: number;
      resolved: number;
      stillOpen: number;
      onTimePercent: number | null;
      lkpp: { count: number; meanDays: number | null };
      telkom: { count: number; meanDays: number | null };
      meanRating: number | null;
    }) => {
      const party = (name: string, e: { count: number; meanDays: number | null }) =>
        `${e.count} eskalasi ke ${name}` + (e.meanDays === null ? '' : `, rata-rata ${num(e.meanDays)} hari kerja`);
      return (
        `Pada periode ${longDate(p.firstDay)} – ${longDate(p.lastDay)}, masuk ${p.opened} tiket ` +
        `(periode sebelumnya ${p.previousOpened}); ${p.resolved} diselesaikan dan ${p.stillOpen} masih terbuka di akhir periode; ` +
        (p.onTimePercent === null
          ? 'belum ada tiket yang jatuh tempo penyelesaian; '
          : `${num(p.onTimePercent)} % ditangani tepat waktu; `) +
        `${party('LKPP', p.lkpp)}; ${party('Telkom', p.telkom)}` +
        (p.meanRating === null ? '.' : `; kepuasan rata-rata ${num(p.meanRating, 2)} dari 4.`)
      );
    },
    caption: (periodLabel: string) => `Laporan berkala helpdesk ${periodLabel}: PDF untuk ditandatangani dan XLSX untuk diolah.`,
    section: {
      summary: 'Ringkasan',
      volume: 'Volume tiket',
      byCategory: 'Tiket per kategori',
      byOwner: 'Tiket per penanggung jawab',
      byChannel: 'Tiket per kanal',
      sla: 'Ketepatan waktu (SLA)',
      escalations: 'Eskalasi ke LKPP dan Telkom',
      escalationTotals: 'Total eskalasi',
      recurring: 'Masalah yang berulang',
      gaps: 'Pertanyaan yang belum terjawab FAQ',
      satisfaction: 'Kepuasan pengguna',
      survey: 'Survei Kepuasan Masyarakat (IKM)',
      incidents: 'Insiden (gangguan sistem untuk semua pengguna)',
      tickets: 'Daftar tiket',
      charts: 'Grafik',
    },
    owner: { biro: 'Biro PBJ', lkpp: 'LKPP', telkom: 'Telkom', pokja: 'Pokja' },
    head: {
      item: 'Uraian',
      category: 'Kategori',
      owner: 'Penanggung jawab',
      channel: 'Kanal',
      opened: 'Masuk',
      resolved: 'Diselesaikan',
      closed: 'Ditutup',
      stillOpen: 'Masih terbuka',
      current: 'Periode ini',
      previous: 'Periode sebelumnya',
      frMet: 'Tanggapan tepat',
      frBreached: 'Tanggapan lewat',
      frMedian: 'Median tanggapan (jam kerja)',
      frP90: 'P90 tanggapan (jam kerja)',
      resMet: 'Selesai tepat',
      resBreached: 'Selesai lewat',
      resMedian: 'Median selesai (jam kerja)',
      resP90: 'P90 selesai (jam kerja)',
      ticket: 'No. tiket',
      party: 'Pihak',
      externalRef: 'No. referensi',
      incident: 'Insiden',
      incidentTitle: 'Gangguan',
      incidentOwner: 'Pemilik',
      incidentStart: 'Mulai',
      incidentEnd: 'Selesai',
      incidentHours: 'Durasi (jam)',
      affectedUsers: 'Terdampak',
      incidentTickets: 'Tiket',
      forwardedAt: 'Diteruskan',
      returnedAt: 'Kembali',
      workingDays: 'Hari kerja',
      waiting: 'Keadaan',
      status: 'Status tiket',
      count: 'Jumlah',
      stillWaiting: 'Masih menunggu',
      meanDays: 'Rata-rata hari kerja',
      hours: 'Jam kerja di pihak',
      share: 'Porsi waktu tunggu (%)',
      terms: 'Kata kunci',
      examples: 'Contoh',
      rating: 'Nilai',
      createdAt: 'Dibuat',
      firstRespondedAt: 'Ditanggapi',
      resolvedAt: 'Diselesaikan',
      closedAt: 'Ditutup',
      week: 'Minggu mulai',
      code: 'Kode',
      performance: 'Kinerja',
      importance: 'Kepentingan',
    },
    waitingNow: 'masih menunggu',
    returned: 'sudah kembali',
    none: 'Tidak ada.',
    totalsRow: 'Jumlah',
    ratingsLine: (n: number, mean: string) => `${n} penilaian tiket, rata-rata ${mean} dari 4.`,
    noRatings: 'Belum ada penilaian tiket pada periode ini.',
    surveyLine: (period: string, respondents: number, ikm: string, grade: string) =>
      `Survei pada periode ${period}: ${respondents} responden, IKM ${ikm}, mutu ${grade}.`,
    quadrantI: 'Unsur prioritas perbaikan (kuadran I):',
    unanswered: (n: number) => `${n} pertanyaan tidak terjawab oleh FAQ pada periode ini.`,
    chart: {
      weekly: 'Tiket masuk per minggu menurut penanggung jawab',
      slaPerCategory: 'Penyelesaian tepat waktu per kategori (%)',
      escalationWait: 'Lama eskalasi (hari kerja)',
      empty: 'Tidak ada data',
    },
    chat: {
      usage:
        'Tulis periode laporan, misalnya /laporanberkala 2026-11 (bulan), /laporanberkala 2026-Q3 (triwulan), ' +
        '/laporanberkala 2026 (tahun) atau /laporanberkala 2026-11-01 2026-11-15 (tanggal). Untuk ringkasan singkat: /laporan 7.',
      future: 'Periode itu belum dimulai. Silakan pilih periode yang sudah berjalan atau sudah lewat.',
      preparing: (firstDay: string, lastDay: string) =>
        `Laporan ${longDate(firstDay)} – ${longDate(lastDay)} sedang disiapkan; berkas PDF dan XLSX akan dikirim ke obrolan ini sebentar lagi.`,
    },
  },
} as const;
