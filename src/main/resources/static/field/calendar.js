/*
 * The field app's month calendar on FullCalendar (loaded on this page only): Monday weeks, Russian or English as
 * the page, visits coloured by stage with overdue ones standing out; a tap on a day lists that day's visits under
 * the calendar. Events and day lists come from the app's own URLs, which the service worker keeps for offline use.
 */
(function () {
  'use strict';
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function iso(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }

  function start() {
    var el = document.getElementById('month-calendar');
    if (!el) { return; }
    var t = el.dataset;
    if (!window.FullCalendar) {
      // offline before the calendar was ever opened: say so and point to the kept week
      var p = document.createElement('p');
      var a = document.createElement('a');
      p.className = 'alert';
      a.href = t.weekUrl;
      a.textContent = t.textNoCalendar;
      p.appendChild(a);
      el.appendChild(p);
      return;
    }
    var rep = t.rep ? '&rep=' + encodeURIComponent(t.rep) : '';
    var list = document.getElementById('day-list');
    var selected = null;

    function showDay(date, scroll) {
      var day = iso(date);
      if (selected) { selected.classList.remove('vf-selected'); }
      selected = el.querySelector('.fc-daygrid-day[data-date="' + day + '"]');
      if (selected) { selected.classList.add('vf-selected'); }
      fetch(t.dayUrl + '?date=' + day + rep, { credentials: 'same-origin' }).then(function (res) {
        if (!res.ok || res.redirected) { throw new Error(String(res.status)); }
        return res.text();
      }).then(function (html) {
        list.innerHTML = html;
        if (scroll) { list.scrollIntoView({ behavior: 'smooth', block: 'start' }); }
      }, function () {
        list.textContent = t.textFailed;
      });
    }

    var calendar = new FullCalendar.Calendar(el, {
      initialView: 'dayGridMonth',
      initialDate: t.initial,
      locale: t.locale,
      firstDay: 1,
      height: 'auto',
      fixedWeekCount: true,
      stickyHeaderDates: false,
      headerToolbar: { left: 'prev', center: 'title', right: 'next' },
      footerToolbar: { center: 'today' },
      buttonText: { today: t.textToday },
      buttonHints: { prev: t.textPrev, next: t.textNext },
      dayMaxEventRows: 2,
      moreLinkContent: function (arg) { return '+' + arg.num; },
      moreLinkHint: t.textMore,
      moreLinkClick: function (info) { showDay(info.date, true); return 'dayGridMonth'; },
      displayEventTime: false,
      eventDisplay: 'block',
      dateClick: function (info) { showDay(info.date, true); },
      events: function (info, success, failure) {
        fetch(t.eventsUrl + '?from=' + iso(info.start) + '&to=' + iso(info.end) + rep, {
          credentials: 'same-origin', headers: { Accept: 'application/json' }
        }).then(function (res) {
          if (!res.ok || res.redirected) { throw new Error(String(res.status)); }
          return res.json();
        }).then(success, function (e) { failure(e); });
      }
    });
    calendar.render();
    window.visitflowCalendar = calendar;
    var today = t.today && el.querySelector('.fc-daygrid-day[data-date="' + t.today + '"]');
    if (today) { showDay(new Date(t.today + 'T12:00:00')); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
