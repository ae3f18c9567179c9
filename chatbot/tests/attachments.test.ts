import { describe, expect, it } from 'vitest';
import { declaredTypeAcceptable, sanitizeFileName, sniffType } from '../attachments/limits.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PDF = Buffer.from('%PDF-1.7\n');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00');

describe('attachment limits', () => {
  it('decides the type from the bytes, not from the name or the declared type', () => {
    expect(sniffType(JPEG, 'document.pdf')?.mimeType).toBe('image/jpeg');
    expect(sniffType(PDF, 'photo.jpg')?.mimeType).toBe('application/pdf');
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))?.extension).toBe('png');
    expect(sniffType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))?.kind).toBe('photo');
    expect(sniffType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0'))?.mimeType).toBe('image/heic');
    // A zip is an office document only with the matching extension.
    expect(sniffType(ZIP, 'акт.docx')?.extension).toBe('docx');
    expect(sniffType(ZIP, 'реестр.XLSX')?.extension).toBe('xlsx');
    expect(sniffType(ZIP, 'archive.zip')).toBeUndefined();
    expect(sniffType(EXE, 'счёт.pdf')).toBeUndefined();
    expect(sniffType(Buffer.alloc(0))).toBeUndefined();
    expect(declaredTypeAcceptable('application/x-msdownload')).toBe(false);
    expect(declaredTypeAcceptable(undefined)).toBe(true);
  });

  it('makes a hostile file name harmless: no path, no control or bidi characters, bounded, true extension', () => {
    const pdf = sniffType(PDF)!;
    const jpeg = sniffType(JPEG)!;
    expect(sanitizeFileName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(sanitizeFileName('C:\\Windows\\system32\\акт сверки.pdf', pdf)).toBe('акт сверки.pdf');
    // U+202E (right-to-left override) would show "счётexe.pdf" for "счёт‮fdp.exe".
    expect(sanitizeFileName('счёт\u202Efdp.exe', pdf)).toBe('счёт_fdp.exe.pdf');
    expect(sanitizeFileName('a\u0000b\nc<d>e:f"g|h?i*j.pdf', pdf)).toBe('a_b_c_d_e_f_g_h_i_j.pdf');
    expect(sanitizeFileName('...', jpeg)).toBe('фото.jpg');
    expect(sanitizeFileName(undefined, pdf)).toBe('документ.pdf');
    expect(sanitizeFileName('CON.pdf', pdf)).toBe('_CON.pdf');
    expect(sanitizeFileName('снимок.JPEG', jpeg)).toBe('снимок.JPEG');
    const long = sanitizeFileName(`${'я'.repeat(500)}.pdf`, pdf);
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
    // Without a known type (a refused file) the name keeps its own extension.
    expect(sanitizeFileName('/tmp/virus.exe')).toBe('virus.exe');
    expect(sanitizeFileName('')).toBe('файл');
  });
});
