// Display names of channels and staff roles, shown to staff.
export const nameTexts = {
  channelNames: { console: 'konsol', telegram: 'Telegram', whatsapp: 'WhatsApp', web: 'Web' } as Record<string, string>,
  roleNames: { admin: 'admin', agent: 'petugas' } as Record<string, string>,
} as const;
