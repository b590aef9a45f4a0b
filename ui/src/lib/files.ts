// Certificate files: read a chosen file for upload, and turn a stored one back
// into something the window can show or save.

import type { CertificateFile, CertificateUpload } from './ipc';

export const MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024;
export const CERTIFICATE_TYPES = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';

/** Checks type and size before reading (the core checks again) and reads to base64. */
export function readCertificate(file: File): Promise<CertificateUpload> {
  if (!/\.(pdf|png|jpe?g)$/i.test(file.name)) {
    return Promise.reject(new Error(`"${file.name}" is not a PDF, PNG or JPEG file`));
  }
  if (file.size > MAX_CERTIFICATE_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return Promise.reject(new Error(`"${file.name}" is ${mb} MB; a certificate can be at most 5 MB`));
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

export function certificateBlobUrl(file: CertificateFile): string {
  const bin = atob(file.dataBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
}
