// Display names of channels and staff roles, shown to staff.
export const nameTexts = {
  channelNames: { console: 'konsol', telegram: 'Telegram', whatsapp: 'WhatsApp' } as Record<string, string>,
  roleNames: { admin: 'admin', agent: 'petugas' } as Record<string, string>,
} as const;
