// The survey feature (src/survey): the IKM questionnaire in the chat, its invitations and the
// report (/ikm, `ikm report`), with the words on its charts.
const dec = (n: number, digits: number) => n.toFixed(digits).replace('.', ',');

export const surveyTexts = {
  survey: {
    unavailable: 'Maaf, survei kepuasan belum tersedia saat ini.',
    intro: (items: number) =>
      `**Survei Kepuasan Masyarakat (IKM)**\n\nBantu kami memperbaiki layanan Biro PBJ/LPSE. Ada ${items} pertanyaan singkat; untuk sebagian kami juga menanyakan seberapa penting hal itu bagi Anda. Jawaban Anda **anonim**: laporan hanya memuat angka gabungan.\n\nAnda dapat melewati pertanyaan, berhenti kapan saja, dan melanjutkan nanti dengan /survei.`,
    start: 'Mulai survei',
    later: 'Nanti saja',
    laterReply: 'Baik. Ketik /survei kapan saja bila Anda bersedia mengisi survei.',
    resume: 'Melanjutkan survei Anda dari pertanyaan terakhir.',
    alreadyDone: (period: string) =>
      `Anda sudah mengisi survei untuk periode ${period}. Terima kasih! Ingin memperbaiki jawaban Anda?`,
    revise: 'Perbaiki jawaban',
    keep: 'Tidak, sudah cukup',
    keepReply: 'Baik, jawaban Anda tetap seperti sebelumnya. Terima kasih!',
    question: (n: number, total: number, name: string, text: string) => `**Pertanyaan ${n} dari ${total}** · ${name}\n${text}`,
    importance: (question: string, name: string) => `${question}\n_${name}_`,
    previous: (label: string) => `(Jawaban Anda sebelumnya: ${label})`,
    profileIntro: 'Terakhir, beberapa pertanyaan tentang Anda (boleh dilewati):',
    skip: 'Lewati',
    stop: 'Berhenti dulu',
    stopped: 'Survei dijeda; jawaban Anda sudah tersimpan. Ketik /survei untuk melanjutkan.',
    pickOne:
      'Survei dijeda agar pesan Anda tidak tercampur dengan jawaban survei; jawaban sejauh ini tersimpan. Silakan kirim ulang pertanyaan Anda, atau ketik /survei untuk melanjutkan.',
    stale: 'Tombol itu untuk pertanyaan survei yang sudah lewat. Berikut pertanyaan survei Anda saat ini:',
    done: 'Terima kasih! Jawaban survei Anda sudah tersimpan. Masukan Anda membantu kami memperbaiki layanan.',
    revised: 'Terima kasih! Jawaban survei Anda sudah diperbarui.',
    lapsed: 'Survei Anda terjeda cukup lama; jawaban yang sudah diisi tetap tersimpan. Ketik /survei untuk melanjutkan.',
    invitation:
      'Bersediakah Anda mengisi **Survei Kepuasan Masyarakat**? Hanya beberapa menit, anonim, dan sangat membantu kami memperbaiki layanan.',
    inviteButton: 'Isi survei',
    // Admin: /survei undang, /ikm
    invitedSubscribers: (n: number) => `Undangan survei diantrekan untuk ${n} pelanggan pengumuman.`,
    inviteNone: 'Tidak ada pelanggan pengumuman yang belum diundang atau belum mengisi survei periode ini.',
    badPeriod: (got: string) => `Periode "${got}" tidak dikenal. Tulis misalnya /ikm 2025, /ikm 2025-Q2 atau /ikm 2025-06.`,
    noResponses: (period: string) => `Belum ada jawaban survei untuk periode ${period}.`,
    picturesFailed: (period: string) =>
      `Maaf, gambar laporan IKM periode ${period} belum dapat dibuat karena gangguan di server. Silakan coba /ikm lagi beberapa saat lagi.`,
    ikmUsage: 'Gunakan /ikm [periode], misalnya /ikm 2025.',

    // The report summary (caption of /ikm, `ikm report` without --json).
    report: {
      title: (period: string) => `**Survei Kepuasan Masyarakat (IKM) untuk periode ${period}**`,
      respondents: (n: number, needed: number | null) =>
        needed === null
          ? `Responden: ${n}`
          : `Responden: ${n} dari ${needed} yang dibutuhkan (Krejcie–Morgan)${n < needed ? ' · sampel belum mencukupi' : ''}`,
      ikm: (ikm: number, letter: string, label: string) => `IKM: **${dec(ikm, 2)}** · mutu ${letter} (${label})`,
      noIkm: (missing: string) => `IKM belum dapat dihitung: belum ada jawaban untuk ${missing}.`,
      unsurHeader: 'Nilai rata-rata tiap unsur (NRR) dengan skala 1–4:',
      unsurLine: (code: string, name: string, nrr: number | null) =>
        `${code} ${name}: ${nrr === null ? 'belum ada jawaban' : dec(nrr, 3)}`,
      ipaHeader: (x: number, y: number) =>
        `Analisis kepentingan dan kinerja (garis kinerja ${dec(x, 3)}, garis kepentingan ${dec(y, 3)}):`,
      quadrantLine: (name: string, codes: string) => `${name}: ${codes}`,
      none: '—',
      csi: (value: number, band: string) => `CSI: ${dec(value, 3)} (${band})`,
      trend: (previous: string, before: number | null, now: number | null, change: number | null) =>
        `Dibanding ${previous}: IKM ${before === null ? '—' : dec(before, 2)} → ${now === null ? '—' : dec(now, 2)}${change === null ? '' : ` (${change >= 0 ? '+' : ''}${dec(change, 2)})`}`,
      leftQuadrantI: (items: string) => `Keluar dari kuadran I (Prioritas utama): ${items}`,
      enteredQuadrantI: (items: string) => `Masuk kuadran I: ${items}`,
      nowIn: (code: string, quadrant: string) => `${code} (kini ${quadrant})`,
      noLongerScored: (code: string) => `${code} (tidak dinilai)`,
      nrrCaption: (period: string) => `Nilai per unsur (NRR) dan mutu pelayanan, periode ${period}`,
    },
    quadrant: {
      concentrate: 'Prioritas utama',
      keep_up: 'Pertahankan prestasi',
      low_priority: 'Prioritas rendah',
      overkill: 'Berlebihan',
    },
    quadrantNumber: {
      concentrate: 'Kuadran I',
      keep_up: 'Kuadran II',
      low_priority: 'Kuadran III',
      overkill: 'Kuadran IV',
    },
    chart: {
      ipaTitle: (period: string) => `Diagram Kartesius IPA · periode ${period}`,
      barTitle: (period: string) => `Nilai per unsur (NRR) dan mutu pelayanan · periode ${period}`,
      performanceAxis: 'Kinerja (rata-rata, skala 1–4)',
      importanceAxis: 'Kepentingan (rata-rata, skala 1–4)',
      nrrAxis: 'NRR (skala 1–4); dalam kurung nilai konversi ×25',
      performanceLine: (v: string) => `rata-rata kinerja ${v}`,
      importanceLine: (v: string) => `rata-rata kepentingan ${v}`,
      ikmLine: (ikm: string, grade: string) => `IKM ${ikm} · ${grade}`,
      noAnswers: 'belum ada jawaban',
      noIpa: 'Belum ada butir yang dinilai kinerja dan kepentingannya.',
      grade: (letter: string, label: string) => `${letter} · ${label}`,
      respondents: (n: number) => `${n} responden`,
    },
  },
} as const;
