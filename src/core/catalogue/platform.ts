// The platform runner's alerts to admins when a channel stops (src/platforms.ts).
export const platformTexts = {
  platform: {
    channelDown: (channel: string, reason: string) =>
      `⚠️ Kanal ${channel} front desk berhenti: ${reason}\nKanal lain tetap melayani. Periksa log server dan konfigurasi, lalu jalankan ulang layanan.`,
  },
} as const;
