/** Opens a URL in the user's browser. Resolves false when there is no browser to open (the caller prints the URL). */
export type OpenUrl = (url: string) => Promise<boolean>;

export function createOpenUrl(env: Record<string, string | undefined>, platform = process.platform): OpenUrl {
  return async (url) => {
    if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
    try {
      const { default: open } = await import('open');
      const child = await open(url, { wait: false });
      // `open` resolves before the launcher runs; a spawn failure arrives as an event.
      return await new Promise<boolean>((resolve) => {
        child.once('error', () => resolve(false));
        child.once('spawn', () => resolve(true));
        if (child.pid !== undefined) resolve(true);
      });
    } catch {
      return false;
    }
  };
}
