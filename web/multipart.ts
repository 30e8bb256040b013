import busboy from 'busboy';

/**
 * A statement file sent from the web app's form (`multipart/form-data`, no JavaScript): its fields
 * and the file's text as fields of one URLSearchParams, so the CSRF check and the page read it as
 * any form. Only the statement form is multipart; its limit is the statement's (2 MB).
 */
export const multipartBytesMax = 2 * 1024 * 1024 + 64 * 1024;

export const isMultipart = (contentType: string | undefined): boolean =>
  /^multipart\/form-data\b/i.test(contentType ?? '');

export function multipartForm(contentType: string, raw: Buffer): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const form = new URLSearchParams();
    const bb = busboy({
      headers: { 'content-type': contentType },
      limits: { files: 1, fields: 20, fileSize: multipartBytesMax },
    });
    bb.on('field', (name, value) => form.append(name, value));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        form.append(name, Buffer.concat(chunks).toString('utf8'));
        form.append(`${name}.filename`, info.filename ?? '');
        form.append(`${name}.type`, info.mimeType ?? '');
      });
    });
    bb.on('close', () => resolve(form));
    bb.on('error', reject);
    bb.end(raw);
  });
}
