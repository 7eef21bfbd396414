import { describe, expect, it } from 'vitest';
import { renderView } from '../../src/ui/render-page.js';

describe('notices', () => {
  it('render links as real <a href> elements, every part escaped by the template engine', () => {
    const html = renderView('notice', {
      notice: ['Fish & <chips>. ', { href: '/x?a=1&b="2"', text: '<Sign in>' }, '.'],
    });
    expect(html.trim()).toBe(
      '<p class="lead" role="status">Fish &amp; &lt;chips&gt;. <a href="/x?a=1&amp;b=&quot;2&quot;">&lt;Sign in&gt;</a>.</p>',
    );
  });
});
