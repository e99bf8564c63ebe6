// The search page: plain JavaScript over the service's JSON API, no build step.
'use strict';

const FACETS = ['genre', 'language', 'publisher', 'tags'];
const PAGE_SIZE = 10;
const state = { q: '', page: 1, filters: {} };
const $ = (selector) => document.querySelector(selector);

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// Highlights come from Elasticsearch with <em> around the matches: everything is escaped, then only those tags come back.
function highlighted(fragment) {
  return escapeHtml(fragment).replace(/&lt;em&gt;/g, '<mark>').replace(/&lt;\/em&gt;/g, '</mark>');
}

// The trace id the service answered in its traceresponse header (W3C Trace Context level 2).
function traceId(response) {
  const header = response.headers.get('traceresponse') || '';
  const parts = header.split('-');
  return parts.length === 4 ? parts[1] : '';
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({ message: response.statusText }));
  return { response, body };
}

function setStatus(text, trace, isError) {
  const status = $('#status');
  status.textContent = text + (trace ? ' \u00b7 trace ' + trace : '');
  status.dataset.traceId = trace || '';
  status.classList.toggle('error', Boolean(isError));
}

async function search() {
  const params = new URLSearchParams({ page: state.page, size: PAGE_SIZE });
  if (state.q) params.set('q', state.q);
  Object.entries(state.filters).forEach(([facet, value]) => params.set(facet, value));
  history.replaceState(null, '', '/?' + params);
  setStatus('Searching\u2026', '', false);
  const { response, body } = await getJson('/search?' + params);
  const trace = traceId(response);
  if (!response.ok) {
    setStatus(body.message || 'The search failed', trace, true);
    return;
  }
  $('#status').dataset.query = state.q;
  setStatus(body.total + ' results, page ' + body.page, trace, false);
  renderResults(body.results);
  renderFacets(body.facets);
  renderPager(body.total);
}

function renderResults(results) {
  $('#results').innerHTML = results.map((hit) => {
    const doc = hit.document || {};
    const title = hit.highlight.title ? highlighted(hit.highlight.title[0]) : escapeHtml(doc.title);
    const snippet = hit.highlight.description ? highlighted(hit.highlight.description.join(' \u2026 ')) : escapeHtml(doc.description);
    return '<li class="result"><a class="title" data-id="' + escapeHtml(hit.id) + '">' + title + '</a>'
      + '<div class="meta">' + escapeHtml([doc.author, doc.genre, doc.language, doc.published].filter(Boolean).join(' \u00b7 ')) + '</div>'
      + '<div class="snippet">' + snippet + '</div></li>';
  }).join('');
}

function renderFacets(facets) {
  $('#facets').innerHTML = FACETS.map((facet) => '<h2>' + facet + '</h2>' + (facets[facet] || []).map((bucket) => {
    const active = state.filters[facet] === String(bucket.value);
    return '<button type="button" class="facet' + (active ? ' active' : '') + '" data-facet="' + facet + '" data-value="'
      + escapeHtml(bucket.value) + '"><span class="value">' + escapeHtml(bucket.value) + '</span><span class="count">'
      + bucket.count + '</span></button>';
  }).join('')).join('');
}

function renderPager(total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  $('#pager').hidden = pages <= 1;
  $('#page').textContent = 'Page ' + state.page + ' of ' + pages;
  $('#prev').disabled = state.page <= 1;
  $('#next').disabled = state.page >= Math.min(pages, 100);
}

async function showDocument(id) {
  const { response, body } = await getJson('/documents/' + encodeURIComponent(id));
  const panel = $('#document');
  panel.hidden = false;
  if (!response.ok) {
    panel.innerHTML = '<p class="error">' + escapeHtml(body.message) + '</p>';
    return;
  }
  const doc = body.document || {};
  panel.dataset.id = body.id;
  panel.innerHTML = '<h2>' + escapeHtml(doc.title) + '</h2><dl>' + Object.entries(doc).filter(([k]) => k !== 'title')
    .map(([k, v]) => '<dt>' + escapeHtml(k) + '</dt><dd>' + escapeHtml(Array.isArray(v) ? v.join(', ') : v) + '</dd>').join('')
    + '</dl><p class="meta">id ' + escapeHtml(body.id) + ', version ' + escapeHtml(body.version) + ' \u00b7 trace ' + traceId(response) + '</p>';
}

document.addEventListener('DOMContentLoaded', () => {
  const initial = new URLSearchParams(location.search);
  state.q = initial.get('q') || '';
  state.page = Number(initial.get('page')) || 1;
  FACETS.forEach((facet) => { if (initial.get(facet)) state.filters[facet] = initial.get(facet); });
  $('#q').value = state.q;
  $('#search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = $('#q').value.trim();
    state.page = 1;
    search();
  });
  $('#facets').addEventListener('click', (event) => {
    const button = event.target.closest('button.facet');
    if (!button) return;
    const { facet, value } = button.dataset;
    if (state.filters[facet] === value) delete state.filters[facet]; else state.filters[facet] = value;
    state.page = 1;
    search();
  });
  $('#results').addEventListener('click', (event) => {
    const link = event.target.closest('a.title');
    if (link) showDocument(link.dataset.id);
  });
  $('#prev').addEventListener('click', () => { state.page -= 1; search(); });
  $('#next').addEventListener('click', () => { state.page += 1; search(); });
  search();
});
