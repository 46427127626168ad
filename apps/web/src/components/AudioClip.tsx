/**
 * A recording played in the browser: the native player (keyboard operable, announced by screen
 * readers) on the API's audio URL, which answers Range requests so seeking works. Only the
 * header loads until the user plays it.
 */
export function AudioClip({ src, label }: { src: string; label: string }) {
  return <audio controls preload="metadata" src={src} aria-label={label} />;
}
