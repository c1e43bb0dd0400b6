// The small pages the browser shows at the redirect. Nothing from the request is shown unescaped:
// the listener answers any page on the machine, so reflected input would be an XSS on localhost.

export interface CallbackPage {
  status: number;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(status: number, title: string, body: string): CallbackPage {
  const html =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>fbtok: ${escapeHtml(title)}</title>` +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#1c1e21}' +
    'h1{font-size:1.4em}</style></head>' +
    `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
  return { status, html };
}

const RETURN = '<p>You can close this tab and return to the terminal.</p>';

export function successPage(): CallbackPage {
  return page(200, 'Logged in', `<p>fbtok received the login and is finishing it in the terminal.</p>${RETURN}`);
}

export function deniedPage(detail: string): CallbackPage {
  return page(200, 'Login cancelled', `<p>Facebook reported: ${escapeHtml(detail)}</p>${RETURN}`);
}

export function badStatePage(): CallbackPage {
  return page(
    400,
    'Login not accepted',
    '<p>This redirect does not belong to the login fbtok is waiting for (its <code>state</code> is missing or wrong), ' +
      'so it was ignored. If you started a new login, finish it in the browser window it opened.</p>' + RETURN,
  );
}

export function incompletePage(): CallbackPage {
  return page(400, 'Login not complete', '<p>This redirect carries neither a code nor an error.</p>' + RETURN);
}

export function alreadyDonePage(): CallbackPage {
  return page(409, 'Already finished', `<p>fbtok has already received a login for this run.</p>${RETURN}`);
}

export function notFoundPage(): CallbackPage {
  return page(404, 'Not found', '<p>fbtok serves only its login callback here.</p>');
}
