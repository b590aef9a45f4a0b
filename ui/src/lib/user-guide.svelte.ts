// The user guide (Help → User guide, F1): docs/user-guide.md at the
// repository's root, built into the app, and its pictures docs/user-guide/*.png.
// The text is a chunk of its own, read when the guide first opens; the
// pictures are files of the build (never data: URLs, see vite.config.ts),
// and a picture is shown only if it is one of them: anything else a Markdown
// text names shows as its alt text and is never fetched.

export const userGuide = $state<{ open: boolean }>({ open: false });

/** Shows the user guide, signed in or not. */
export function openUserGuide(): void {
  userGuide.open = true;
}

/** The guide's Markdown. */
export async function loadUserGuide(): Promise<string> {
  return (await import('../../../docs/user-guide.md?raw')).default;
}

const built = import.meta.glob<string>('../../../docs/user-guide/*.png', { eager: true, query: '?url', import: 'default' });

/** Each picture's address in the build, by its path as the guide names it ("user-guide/print.png"). */
const pictures = new Map(Object.entries(built).map(([file, url]) => [file.slice(file.indexOf('user-guide/')), url]));

/** Where the picture `src` (as written in the Markdown) is in the build, or null if it is not one of the guide's. */
export function pictureUrl(src: string): string | null {
  let path = src.replace(/^\.\//, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    return null;
  }
  return pictures.get(path) ?? null;
}
