/**
 * Saves `text` as a plain-text file named `fileName`, the way a download link does: a Blob, never a
 * `data:` URL or markup, so what the server sent stays text. The URL is let go once the browser took it.
 */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download starts from the click's task; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
