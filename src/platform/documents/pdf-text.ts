import zlib from 'node:zlib';

/**
 * The text of a PDF that startPdf wrote, for tests to read a document back: inflates every stream, reads the
 * font's ToUnicode map (pdfkit embeds one font subset with 4-hex-digit codes), and decodes each text block
 * (BT … ET) of each page's content stream into one line. Only for pdfkit's output with one embedded font.
 */
export function pdfText(pdf: Buffer): { pages: string[][] } {
  const s = pdf.toString('latin1');
  const streams: string[] = [];
  // Each stream is read by its /Length, never up to the next "endstream": compressed bytes may end in a
  // carriage return or hold anything, and reading up to a marker would cut some streams short, at random.
  const re = /\/Length (\d+)\b[^]*?>>\s*stream\r?\n/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const from = m.index + m[0].length;
    let d = Buffer.from(s.slice(from, from + Number(m[1])), 'latin1');
    re.lastIndex = from + Number(m[1]);
    try {
      d = zlib.inflateSync(d);
    } catch {
      // not compressed
    }
    streams.push(d.toString('latin1'));
  }
  const map = new Map<number, string>();
  for (const st of streams.filter((x) => x.includes('begincmap'))) {
    for (const r of st.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = parseInt(r[1]!, 16);
      // An entry may stand for several characters (a ligature such as "ff" is written <0066 0066>): UTF-16 units.
      [...r[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, i) =>
        map.set(start + i, String.fromCharCode(...(u[1]!.replace(/\s/g, '').match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)))),
      );
    }
    for (const r of st.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]{4,})>(?!\s*\[)/gi))
      if (!map.has(parseInt(r[1]!, 16))) map.set(parseInt(r[1]!, 16), String.fromCodePoint(parseInt(r[2]!, 16)));
  }
  const decode = (hex: string) => (hex.match(/.{4}/g) ?? []).map((c) => map.get(parseInt(c, 16)) ?? '?').join('');
  const pages: string[][] = [];
  for (const st of streams.filter((x) => /\bBT\b/.test(x) && /TJ|Tj/.test(x))) {
    const lines: string[] = [];
    for (const block of st.matchAll(/BT([\s\S]*?)ET/g)) {
      const text = [...block[1]!.matchAll(/<([0-9a-f]+)>/gi)].map((h) => decode(h[1]!)).join('');
      if (text) lines.push(text);
    }
    pages.push(lines);
  }
  return { pages };
}
