import qrcode from 'qrcode-generator';

/**
 * A QR code of `text` as SVG (one path of dark modules, a 4-module quiet zone as ISO/IEC 18004
 * asks), dark on white in both colour schemes: phone cameras read dark-on-light most reliably.
 * Error correction M; the version grows with the text. The text is handed over as UTF-8 bytes.
 */
const QUIET = 4;

export function qrPath(text: string): { size: number; d: string } {
  const qr = qrcode(0, 'M');
  qr.addData(String.fromCharCode(...new TextEncoder().encode(text)), 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  let d = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) if (qr.isDark(row, col)) d += `M${col} ${row}h1v1h-1z`;
  }
  return { size, d };
}

export function QrCode({ text, label }: { text: string; label: string }) {
  // Drawn only while a key is shown, and only then re-rendered: no memo needed.
  const { size, d } = qrPath(text);
  const outer = size + QUIET * 2;
  return (
    <svg class="qr" role="img" aria-label={label} viewBox={`${-QUIET} ${-QUIET} ${outer} ${outer}`} shape-rendering="crispEdges">
      <rect x={-QUIET} y={-QUIET} width={outer} height={outer} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}
