// Certificate and logo files: read a chosen file for upload, and turn a
// stored certificate back into something the window can show or save.

import type { CertificateFile, CertificateUpload, LogoUpload } from './ipc';

export const MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024;
export const CERTIFICATE_TYPES = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';

/** A chosen file read to base64, after checking its kind and size (the core checks again). */
function readUpload(file: File, accepted: RegExp, kinds: string, maxBytes: number, what: string): Promise<CertificateUpload> {
  if (!accepted.test(file.name)) {
    return Promise.reject(new Error(`"${file.name}" is not ${kinds} file`));
  }
  if (file.size > maxBytes) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return Promise.reject(new Error(`"${file.name}" is ${mb} MB; ${what} can be at most ${maxBytes / 1024 / 1024} MB`));
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ fileName: file.name, dataBase64: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(new Error(`"${file.name}" could not be read`));
    reader.readAsDataURL(file);
  });
}

export function readCertificate(file: File): Promise<CertificateUpload> {
  return readUpload(file, /\.(pdf|png|jpe?g)$/i, 'a PDF, PNG or JPEG', MAX_CERTIFICATE_BYTES, 'a certificate');
}

export const MAX_LOGO_BYTES = 1024 * 1024;
export const LOGO_TYPES = 'image/png,image/jpeg,.png,.jpg,.jpeg';

export function readLogo(file: File): Promise<LogoUpload> {
  return readUpload(file, /\.(png|jpe?g)$/i, 'a PNG or JPEG', MAX_LOGO_BYTES, 'a logo');
}

export function certificateBlobUrl(file: CertificateFile): string {
  const bin = atob(file.dataBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
}
