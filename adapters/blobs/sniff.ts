import { fileTypeFromBuffer } from 'file-type';

/** Bytes read from the start of a blob to name its type: enough for every type file-type knows. */
export const sniffBytes = 4_100;

/** The media type the bytes say they are (magic numbers, `file-type`), or undefined. */
export async function sniffType(bytes: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(bytes))?.mime;
}
