// QR codes drawn on the server as SVG (the qrcode library), shown as a data: image, which the pages' CSP allows
// (img-src data:) where an inline script or style would not be.
import QRCode from 'qrcode';

/** `text` as a QR code image's data: URL (SVG, error correction M: readable off a screen at any size). */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
