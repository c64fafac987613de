import { describe, expect, it } from 'vitest';
import { parseStaffCommand } from '../../src/staff/commands.js';

describe('parseStaffCommand', () => {
  it.each([
    ['antrian', '', { name: 'queue', filter: 'open' }],
    ['queue', 'eskalasi', { name: 'queue', filter: 'escalated' }],
    ['antrian', 'SEMUA', { name: 'queue', filter: 'all' }],
    ['lihat', '12', { name: 'view', ticketId: 12 }],
    ['view', '#12', { name: 'view', ticketId: 12 }],
    ['balas', '12 Silakan coba lagi.\nTerima kasih.', { name: 'reply', ticketId: 12, text: 'Silakan coba lagi.\nTerima kasih.' }],
    ['reply', '12 @lupa-password', { name: 'reply_intent', ticketId: 12, intentId: 'lupa-password' }],
    ['ambil', '3', { name: 'take', ticketId: 3 }],
    ['proses', '3', { name: 'progress', ticketId: 3 }],
    ['tunggu', '3', { name: 'wait', ticketId: 3 }],
    ['tunggu', '3 Mohon kirim NIB', { name: 'wait', ticketId: 3, text: 'Mohon kirim NIB' }],
    ['selesai', '3 Sudah normal', { name: 'resolve', ticketId: 3, text: 'Sudah normal' }],
    ['tutup', '3', { name: 'close', ticketId: 3 }],
    ['buka', '3', { name: 'reopen', ticketId: 3 }],
    ['eskalasi', '3 lkpp', { name: 'escalate', ticketId: 3, party: 'LKPP' }],
    ['escalate', '3 Telkom TK-2026-001', { name: 'escalate', ticketId: 3, party: 'Telkom', ref: 'TK-2026-001' }],
    ['catatan', '3 sudah telepon vendor', { name: 'note', ticketId: 3, text: 'sudah telepon vendor' }],
    ['siaran', 'Server SPSE pemeliharaan pukul 20.00', { name: 'broadcast', text: 'Server SPSE pemeliharaan pukul 20.00' }],
    ['laporan', '', { name: 'report', days: 30 }],
    ['report', '7', { name: 'report', days: 7 }],
    ['petugas', '', { name: 'staff_list' }],
  ])('reads /%s %j', (word, args, expected) => {
    expect(parseStaffCommand(word, args)).toEqual({ ok: true, command: expected });
  });

  it.each([
    ['antrian', 'kemarin'],
    ['lihat', ''],
    ['lihat', 'dua belas'],
    ['lihat', '12 13'],
    ['balas', '12'],
    ['balas', 'teks tanpa nomor'],
    ['ambil', ''],
    ['tutup', '3 alasan'],
    ['eskalasi', '3'],
    ['eskalasi', '3 Kominfo'],
    ['catatan', '3'],
    ['siaran', '   '],
    ['laporan', '0'],
    ['laporan', '400'],
    ['laporan', 'minggu'],
    ['petugas', 'x'],
  ])('rejects /%s %j so the usage line can be shown', (word, args) => {
    expect(parseStaffCommand(word, args)).toMatchObject({ ok: false });
  });

  it('does not claim words that are not staff commands', () => {
    expect(parseStaffCommand('status', '1')).toBeUndefined();
  });
});
