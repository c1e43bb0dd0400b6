// Warnings for `config set scopes`: a name Facebook does not know makes the whole Login dialog fail
// ("Invalid Scopes"), and without pages_show_list /me/accounts lists no Page, so page-tokens finds none.
// https://developers.facebook.com/docs/permissions
// A warning, not a refusal: Facebook adds permissions, and this list may lag behind.
const KNOWN_PERMISSIONS = new Set([
  'ads_management', 'ads_read', 'attribution_read', 'business_management', 'catalog_management',
  'commerce_account_manage_orders', 'commerce_account_read_orders', 'commerce_account_read_reports',
  'commerce_account_read_settings', 'commerce_manage_accounts', 'email', 'gaming_user_locale',
  'groups_access_member_info', 'instagram_basic', 'instagram_branded_content_ads_brand',
  'instagram_branded_content_brand', 'instagram_branded_content_creator', 'instagram_business_basic',
  'instagram_business_content_publish', 'instagram_business_manage_comments', 'instagram_business_manage_insights',
  'instagram_business_manage_messages', 'instagram_content_publish', 'instagram_manage_comments',
  'instagram_manage_events', 'instagram_manage_insights', 'instagram_manage_messages',
  'instagram_shopping_tag_products', 'leads_retrieval', 'manage_fundraisers', 'openid', 'page_events',
  'pages_manage_ads', 'pages_manage_cta', 'pages_manage_engagement', 'pages_manage_instant_articles',
  'pages_manage_metadata', 'pages_manage_posts', 'pages_messaging', 'pages_read_engagement',
  'pages_read_user_content', 'pages_show_list', 'pages_utility_messaging', 'private_computation_access',
  'public_profile', 'publish_video', 'read_insights', 'read_page_mailboxes', 'research_apis', 'user_age_range',
  'user_birthday', 'user_friends', 'user_gender', 'user_hometown', 'user_likes', 'user_link', 'user_location',
  'user_messenger_contact', 'user_photos', 'user_posts', 'user_videos', 'whatsapp_business_management',
  'whatsapp_business_manage_events', 'whatsapp_business_messaging',
]);

export function scopeWarnings(scopes: string[]): string[] {
  const warnings: string[] = [];
  const unknown = scopes.filter((s) => !KNOWN_PERMISSIONS.has(s));
  if (unknown.length > 0) {
    warnings.push(
      `${unknown.map((s) => `"${s}"`).join(', ')} ${unknown.length > 1 ? 'are not Graph permissions' : 'is not a Graph permission'} fbtok knows; ` +
        'Facebook refuses the whole login ("Invalid Scopes") for a name it does not know (see developers.facebook.com/docs/permissions).',
    );
  }
  if (!scopes.includes('pages_show_list')) {
    warnings.push('Without pages_show_list Facebook lists no Pages: `fbtok page-tokens` and `login --pages` will find none.');
  }
  return warnings;
}
