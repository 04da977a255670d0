// @ts-check
/**
 * The local Slack page. Plain browser JavaScript served as it is: no build
 * step, so `npm ci --omit=dev && npm start` serves exactly this file.
 *
 * The emulator renders Block Kit to HTML on the server (devtools/emulator/render,
 * where every string from a message is escaped); this file only places that
 * HTML, builds the rest with textContent, and reports what the person does
 * (messages, commands, clicks, changes, a closed modal) to the emulator's
 * /emulator/ endpoints. Live updates arrive over Server-Sent Events as whole
 * snapshots; a modal the bot opened (views.open) shows over everything.
 */
(function () {
  'use strict';

  /** @type {any} */
  let state = null;
  let route = parseRoute(location.hash);
  /** The tab Slack was last told about (app_home_opened is sent each time a tab opens). */
  let announcedTab = '';

  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

  // ---------------------------------------------------------------- routing

  /** @param {string} hash */
  function parseRoute(hash) {
    const thread = /^#thread\/([0-9.]+)$/.exec(hash);
    if (thread) return { tab: 'messages', thread: thread[1] };
    if (hash === '#home') return { tab: 'home', thread: '' };
    return { tab: 'messages', thread: '' };
  }

  window.addEventListener('hashchange', () => {
    route = parseRoute(location.hash);
    render();
  });

  // ---------------------------------------------------------------- talking to the emulator

  /**
   * @param {string} path
   * @param {unknown} body
   */
  async function post(path, body) {
    try {
      const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok || answer.ok === false) showLocalNotice(answer.error || `The emulator answered ${response.status}.`);
      return answer;
    } catch {
      showLocalNotice('The local server is not answering. Is `npm start` still running?');
      return { ok: false };
    }
  }

  /** @param {string} text */
  function showLocalNotice(text) {
    const notice = document.createElement('div');
    notice.className = 'notice';
    notice.textContent = text;
    $('notices').appendChild(notice);
    setTimeout(() => notice.remove(), 8000);
  }

  function connect() {
    const source = new EventSource('/emulator/events');
    source.addEventListener('state', (event) => {
      state = JSON.parse(/** @type {MessageEvent} */ (event).data);
      render();
    });
    source.addEventListener('error', () => {
      document.body.classList.add('disconnected');
    });
    source.addEventListener('open', () => document.body.classList.remove('disconnected'));
  }

  // ---------------------------------------------------------------- rendering

  /** @param {string} a @param {string} b */
  function compareTs(a, b) {
    const [as = '0', au = '0'] = a.split('.');
    const [bs = '0', bu = '0'] = b.split('.');
    return Number(as) - Number(bs) || Number(au) - Number(bu);
  }

  /** @param {string} ts */
  function timeOf(ts) {
    return new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  }

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string} [text]
   */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @param {any} message @param {{inThread: boolean}} where */
  function messageNode(message, where) {
    const node = el('div', `message${message.ephemeral ? ' ephemeral' : ''}`);
    node.dataset.surface = message.ephemeral ? 'ephemeral' : 'message';
    node.dataset.ts = message.ts;
    if (message.author === 'bot') node.dataset.author = 'bot';
    else node.dataset.author = 'person';

    const avatar = message.author === 'bot' ? el('div', 'bot-avatar', 'DT') : el('div', 'avatar', (message.name || '?').slice(0, 1).toUpperCase());
    avatar.setAttribute('aria-hidden', 'true');
    node.appendChild(avatar);

    const content = el('div', 'content');
    if (message.ephemeral) {
      const onlyYou = el('div', 'only-you', '👁 Only visible to you');
      content.appendChild(onlyYou);
    }
    const meta = el('div', 'meta');
    meta.appendChild(el('span', 'author', message.name));
    if (message.author === 'bot') meta.appendChild(el('span', 'app-badge', 'APP'));
    const time = el('time', 'time', timeOf(message.ts));
    time.setAttribute('datetime', new Date(Number(message.ts) * 1000).toISOString());
    meta.appendChild(time);
    content.appendChild(meta);

    const body = el('div', 'body');
    // Rendered and escaped by the emulator (devtools/emulator/render): the one place HTML enters the page.
    body.innerHTML = message.html;
    content.appendChild(body);
    if (message.edited) content.appendChild(el('span', 'edited', '(edited)'));

    if (message.reactions && message.reactions.length) {
      const reactions = el('div', 'reactions');
      for (const reaction of message.reactions) reactions.appendChild(el('span', 'reaction', `${reaction.emoji} ${reaction.count}`));
      content.appendChild(reactions);
    }
    if (!where.inThread && !message.ephemeral && message.replyCount > 0) {
      const replies = el('button', 'replies-link', `${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}`);
      replies.setAttribute('type', 'button');
      replies.dataset.openThread = message.ts;
      content.appendChild(replies);
    }
    node.appendChild(content);

    if (!where.inThread && !message.ephemeral) {
      const actions = el('div', 'message-actions');
      const reply = el('button', '', '💬 Reply in thread');
      reply.setAttribute('type', 'button');
      reply.dataset.openThread = message.ts;
      actions.appendChild(reply);
      node.appendChild(actions);
    }
    return node;
  }

  /** @param {HTMLElement} list @param {HTMLElement[]} nodes */
  function replaceList(list, nodes) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    const top = list.scrollTop;
    list.replaceChildren(...nodes);
    list.scrollTop = atBottom ? list.scrollHeight : top;
  }

  function render() {
    for (const node of document.querySelectorAll('[data-tab]')) {
      node.classList.toggle('active', /** @type {HTMLElement} */ (node).dataset.tab === route.tab);
    }
    $('pane-messages').hidden = route.tab !== 'messages';
    $('pane-home').hidden = route.tab !== 'home';
    if (!state) return;

    $('workspace-name').textContent = state.workspace;
    $('person-name').textContent = state.person.name;
    $('bot-name').textContent = state.bot.name;
    renderLocalParts();
    renderNotices();

    const all = [...state.messages, ...state.ephemerals.map((/** @type {any} */ e) => ({ ...e, ephemeral: true, author: 'bot', name: state.bot.name }))];
    all.sort((a, b) => compareTs(a.ts, b.ts));

    // A reply whose root is not here (posted before a restart) is shown at the top level rather than lost.
    const present = new Set(all.map((m) => m.ts));
    const topLevel = all.filter((m) => !m.threadTs || m.threadTs === m.ts || !present.has(m.threadTs));
    const mainNodes = topLevel.map((m) => messageNode(m, { inThread: false }));
    if (!mainNodes.length) {
      const empty = el('div', 'empty');
      empty.appendChild(el('b', '', 'This is your DM with Deep Thoughts. '));
      empty.appendChild(document.createTextNode('Say what is on your mind today, press “Send me the morning nudge now”, or try /coach-report.'));
      mainNodes.push(empty);
    }
    replaceList($('message-list'), mainNodes);

    const threadPane = $('thread-pane');
    if (route.tab === 'messages' && route.thread) {
      threadPane.hidden = false;
      const root = all.find((m) => m.ts === route.thread);
      const replies = all.filter((m) => m.threadTs === route.thread && m.ts !== route.thread);
      const nodes = [];
      if (root) nodes.push(messageNode(root, { inThread: true }));
      if (replies.length) nodes.push(el('div', 'thread-divider', `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`));
      for (const reply of replies) nodes.push(messageNode(reply, { inThread: true }));
      replaceList($('thread-list'), nodes);
    } else {
      threadPane.hidden = true;
    }

    if (state.ready && announcedTab !== route.tab) {
      announcedTab = route.tab;
      void post('/emulator/home/open', { tab: route.tab });
    }
    if (route.tab === 'home') {
      const view = $('home-view');
      const html = state.home ? state.home.html : '<div class="empty">Opening the Home tab…</div>';
      if (view.dataset.hash !== (state.home ? state.home.hash : '')) {
        view.innerHTML = html;
        view.dataset.hash = state.home ? state.home.hash : '';
        view.dataset.surface = 'home';
        view.dataset.viewId = state.home ? state.home.viewId : '';
      }
    }
    renderModal();
  }

  // ---------------------------------------------------------------- the modal (views.open)

  const modal = /** @type {HTMLDialogElement} */ ($('modal'));
  /** "viewId:hash" of what the dialog shows. */
  let shownModal = '';
  /** The modal the person closed here, kept closed until the emulator's next frame agrees. */
  let dismissedModal = '';

  function renderModal() {
    const open = state.modal && state.modal.viewId !== dismissedModal ? state.modal : null;
    if (!open) {
      shownModal = '';
      if (modal.open) modal.close();
      return;
    }
    const key = `${open.viewId}:${open.hash}`;
    if (shownModal !== key) {
      // Rendered and escaped by the emulator (devtools/emulator/render), like messages.
      $('modal-title').innerHTML = open.titleHtml;
      $('modal-close').innerHTML = open.closeHtml;
      const body = $('modal-body');
      body.innerHTML = open.html;
      body.dataset.viewId = open.viewId;
      modal.dataset.viewId = open.viewId;
      shownModal = key;
    }
    if (!modal.open) modal.showModal();
  }

  // Close, ✕ and Esc (the dialog's own) all end here; a close the emulator asked for finds no open modal to report.
  modal.addEventListener('close', () => {
    const viewId = modal.dataset.viewId || '';
    shownModal = '';
    if (state && state.modal && state.modal.viewId === viewId && dismissedModal !== viewId) {
      dismissedModal = viewId;
      void post('/emulator/modal/close', { viewId });
    }
  });
  for (const id of ['modal-x', 'modal-close']) $(id).addEventListener('click', () => modal.close());

  function renderLocalParts() {
    const list = $('local-parts');
    const parts = [...state.local];
    if (state.clock && state.clock.aheadMs > 60000) {
      const now = new Date(state.clock.now);
      const hours = Math.round(state.clock.aheadMs / 3600000);
      parts.push({
        label: 'Clock',
        value: `${now.toLocaleDateString([], { weekday: 'short' })} ${now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} (${hours} h ahead)`,
      });
    }
    const nodes = [];
    for (const part of parts) {
      nodes.push(el('dt', '', part.label));
      nodes.push(el('dd', '', part.value));
    }
    list.replaceChildren(...nodes);
  }

  function renderNotices() {
    const box = $('notices');
    for (const node of box.querySelectorAll('.notice.server')) node.remove();
    for (const notice of state.notices) {
      const node = el('div', `notice server ${notice.level === 'info' ? 'info' : ''}`, notice.text);
      box.appendChild(node);
    }
  }

  // ---------------------------------------------------------------- what the person does

  /** @param {HTMLFormElement} form @param {HTMLTextAreaElement} input @param {() => string} threadTs */
  function wireComposer(form, input, threadTs) {
    const send = async () => {
      const text = input.value;
      if (!text.trim()) return;
      input.value = '';
      autosize(input);
      await post('/emulator/messages', { text, threadTs: threadTs() || undefined });
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void send();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void send();
      }
    });
    input.addEventListener('input', () => autosize(input));
  }

  /** @param {HTMLTextAreaElement} input */
  function autosize(input) {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 180)}px`;
  }

  /** Where an element sits: a message, an ephemeral message or the Home tab. @param {Element} target */
  function surfaceOf(target) {
    const holder = /** @type {HTMLElement | null} */ (target.closest('[data-surface]'));
    if (!holder) return null;
    return { surface: holder.dataset.surface, ts: holder.dataset.ts, viewId: holder.dataset.viewId };
  }

  /** @param {HTMLElement} element @param {Record<string, unknown>} change */
  async function reportAction(element, change) {
    const surface = surfaceOf(element);
    if (!surface) return;
    await post('/emulator/actions', {
      ...surface,
      blockId: element.dataset.blockId,
      actionId: element.dataset.actionId,
      actionType: element.dataset.actionType,
      dispatch: element.dataset.dispatch !== 'false',
      ...change,
    });
  }

  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const opener = /** @type {HTMLElement | null} */ (target.closest('[data-open-thread]'));
    if (opener) {
      location.hash = `#thread/${opener.dataset.openThread}`;
      return;
    }
    const button = /** @type {HTMLButtonElement | null} */ (target.closest('button[data-action-type="button"]'));
    if (button) {
      // Slack's confirm dialog: nothing is sent unless the person confirms.
      if (button.dataset.confirm !== undefined && !window.confirm(button.dataset.confirm)) return;
      const url = button.dataset.url;
      if (url && /^(https?:|mailto:)/.test(url)) window.open(url, '_blank', 'noopener,noreferrer');
      button.disabled = true;
      void reportAction(button, { value: button.dataset.value ?? '' }).finally(() => {
        button.disabled = false;
      });
    }
  });

  document.addEventListener('change', (event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    const element = /** @type {HTMLElement | null} */ (target.closest('[data-action-type]'));
    if (!element || element.dataset.actionType === 'button') return;
    switch (element.dataset.actionType) {
      case 'timepicker':
        void reportAction(element, { selectedTime: /** @type {HTMLInputElement} */ (element).value || null });
        break;
      case 'datepicker':
        void reportAction(element, { selectedDate: /** @type {HTMLInputElement} */ (element).value || null });
        break;
      case 'checkboxes':
        void reportAction(element, {
          selectedValues: [...element.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value),
        });
        break;
      case 'radio_buttons':
      case 'static_select':
      case 'overflow':
        void reportAction(element, { selectedValue: /** @type {HTMLInputElement} */ (target).value });
        break;
      case 'plain_text_input':
        void reportAction(element, { value: /** @type {HTMLInputElement} */ (element).value });
        break;
    }
  });

  $('close-thread').addEventListener('click', () => {
    location.hash = '#messages';
  });

  $('nudge-now').addEventListener('click', async () => {
    const button = /** @type {HTMLButtonElement} */ ($('nudge-now'));
    const result = $('nudge-result');
    button.disabled = true;
    result.textContent = 'Nudging…';
    const answer = await post('/emulator/nudge', {});
    result.textContent = answer.message || (answer.ok ? 'Done.' : 'That did not work.');
    button.disabled = false;
    if (answer.ok && route.tab !== 'messages') location.hash = '#messages';
  });

  wireComposer(/** @type {HTMLFormElement} */ ($('composer')), /** @type {HTMLTextAreaElement} */ ($('composer-input')), () => '');
  wireComposer(/** @type {HTMLFormElement} */ ($('thread-composer')), /** @type {HTMLTextAreaElement} */ ($('thread-input')), () => route.thread);

  render();
  connect();
})();
