// The documentation site's one script: results as you type under every search box. The pages work without it: the
// box is a plain GET form to /docs/search. No inline scripts or handlers (CSP script-src 'self'); no innerHTML.
;(function () {
  'use strict'

  var DELAY_MS = 150
  var LIMIT = 8
  var counter = 0

  // The service escapes the snippet and marks the words found: rebuild it as text nodes and <mark>s only.
  function snippetNodes(html) {
    var out = document.createDocumentFragment()
    var doc = new DOMParser().parseFromString('<body>' + html + '</body>', 'text/html')
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === 'MARK') {
        var mark = document.createElement('mark')
        mark.textContent = node.textContent
        out.appendChild(mark)
      } else {
        out.appendChild(document.createTextNode(node.textContent || ''))
      }
    })
    return out
  }

  function enhance(form) {
    var input = form.querySelector('input[name="q"]')
    if (!input) {
      return
    }
    var id = 'suggest-' + ++counter
    var list = document.createElement('ul')
    list.id = id
    list.className = 'suggestions'
    list.setAttribute('role', 'listbox')
    list.setAttribute('aria-label', form.getAttribute('data-suggest-label') || '')
    list.hidden = true
    form.appendChild(list)

    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', id)

    var timer = 0
    var pending = null
    var items = []
    var active = -1
    var lastQuery = null

    function close() {
      list.hidden = true
      input.setAttribute('aria-expanded', 'false')
      input.removeAttribute('aria-activedescendant')
      active = -1
    }

    function setActive(i) {
      var options = list.querySelectorAll('[role="option"]')
      options.forEach(function (o) {
        o.setAttribute('aria-selected', 'false')
      })
      active = i
      if (i >= 0 && options[i]) {
        options[i].setAttribute('aria-selected', 'true')
        input.setAttribute('aria-activedescendant', options[i].id)
        options[i].scrollIntoView({ block: 'nearest' })
      } else {
        input.removeAttribute('aria-activedescendant')
      }
    }

    function go(i) {
      var item = items[i]
      if (item) {
        window.location.href = '/docs/' + encodeURIComponent(item.slug)
      }
    }

    function render() {
      list.textContent = ''
      if (items.length === 0) {
        var empty = document.createElement('li')
        empty.className = 'empty'
        empty.setAttribute('role', 'presentation')
        empty.textContent = form.getAttribute('data-empty') || ''
        list.appendChild(empty)
      }
      items.forEach(function (item, i) {
        var li = document.createElement('li')
        li.id = id + '-' + i
        li.setAttribute('role', 'option')
        li.setAttribute('aria-selected', 'false')
        var title = document.createElement('span')
        title.className = 'title'
        title.textContent = item.title
        li.appendChild(title)
        var sub = document.createElement('span')
        sub.className = 'sub'
        if (item.productName) {
          sub.appendChild(document.createTextNode(item.productName + ' · '))
        }
        if (item.snippet) {
          sub.appendChild(snippetNodes(item.snippet))
        }
        if (sub.childNodes.length > 0) {
          li.appendChild(sub)
        }
        li.addEventListener('click', function () {
          go(i)
        })
        list.appendChild(li)
      })
      list.hidden = false
      input.setAttribute('aria-expanded', 'true')
      active = -1
    }

    function fetchNow() {
      var q = input.value.trim()
      if (q.length < 2) {
        lastQuery = null
        items = []
        close()
        return
      }
      if (q === lastQuery && !list.hidden) {
        return
      }
      lastQuery = q
      if (pending) {
        pending.abort()
      }
      var controller = new AbortController()
      pending = controller
      fetch('/api/docs?q=' + encodeURIComponent(q) + '&limit=' + LIMIT, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: controller.signal,
      })
        .then(function (res) {
          return res.ok ? res.json() : { items: [] }
        })
        .then(function (page) {
          // A slower answer to an older query does not replace the newer one.
          if (pending !== controller) {
            return
          }
          pending = null
          items = (page && page.items) || []
          if (document.activeElement === input) {
            render()
          }
        })
        .catch(function () {
          // Aborted, or offline: the form still searches on Enter.
        })
    }

    input.addEventListener('input', function () {
      clearTimeout(timer)
      timer = setTimeout(fetchNow, DELAY_MS)
    })
    input.addEventListener('focus', function () {
      if (input.value.trim().length >= 2 && items.length > 0) {
        render()
      }
    })
    input.addEventListener('keydown', function (e) {
      var open = !list.hidden
      if (e.key === 'ArrowDown') {
        e.preventDefault()
        if (!open) {
          fetchNow()
          if (items.length > 0) {
            render()
          }
          return
        }
        setActive(items.length === 0 ? -1 : (active + 1) % items.length)
      } else if (e.key === 'ArrowUp') {
        if (open) {
          e.preventDefault()
          setActive(items.length === 0 ? -1 : active <= 0 ? items.length - 1 : active - 1)
        }
      } else if (e.key === 'Enter') {
        if (open && active >= 0) {
          e.preventDefault()
          go(active)
        }
      } else if (e.key === 'Escape') {
        if (open) {
          e.preventDefault()
          close()
        }
      }
    })
    // Keep the focus in the box while an option is clicked; close when the focus leaves the form.
    list.addEventListener('mousedown', function (e) {
      e.preventDefault()
    })
    input.addEventListener('blur', function () {
      setTimeout(close, 100)
    })
  }

  function start() {
    document.querySelectorAll('form.search').forEach(enhance)
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start)
  } else {
    start()
  }
})()
