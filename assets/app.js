// civkg UI: YASGUI pointed at this server, the presets in a side panel,
// Chinese and English. Makes no request to any other host: prefix
// autocompletion uses the prefixes served by /ui/config.json, the LOV
// class/property autocompleters are off, the endpoint list has only /sparql.
"use strict";

(function () {
  const STRINGS = {
    zh: {
      subtitle: "政府工作总结知识图谱",
      description: "服务描述",
      downloads: "数据下载",
      presets: "预设查询",
      presetsHint: "点击即可载入并运行。",
      run: "运行",
      switchTo: "English",
      failed: "查询失败",
    },
    en: {
      subtitle: "Government work reports as a knowledge graph",
      description: "Service description",
      downloads: "Downloads",
      presets: "Preset queries",
      presetsHint: "Click one to load and run it.",
      run: "Run",
      switchTo: "中文",
      failed: "Query failed",
    },
  };

  const params = new URLSearchParams(location.search);
  let lang = params.get("lang") || localStorage.getItem("civkg-lang") ||
    ((navigator.language || "zh").toLowerCase().startsWith("zh") ? "zh" : "en");
  if (!STRINGS[lang]) lang = "zh";
  const t = (key) => STRINGS[lang][key];

  const endpoint = location.origin + "/sparql";
  let config = { base: "", prefixes: {} };
  let presets = [];
  let yasgui = null;

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((el) => {
      el.textContent = t(el.dataset.i18n);
    });
    document.getElementById("lang").textContent = t("switchTo");
    renderPresets();
  }

  // Declares the prefixes a query uses but does not declare, so the text in
  // the editor is a complete query (the server predeclares them anyway).
  function withPrefixes(query) {
    const declared = new Set();
    for (const m of query.matchAll(/PREFIX\s+([\w-]*):/gi)) declared.add(m[1]);
    const lines = [];
    for (const [p, iri] of Object.entries(config.prefixes)) {
      if (!declared.has(p) && new RegExp("(^|[\\s(/^|,;])" + p + ":", "m").test(query)) {
        lines.push("PREFIX " + p + ": <" + iri + ">");
      }
    }
    // Keep the header comments first.
    const body = query.split("\n");
    let i = 0;
    while (i < body.length && body[i].trim().startsWith("#")) i++;
    return body.slice(0, i).concat(lines, body.slice(i)).join("\n");
  }

  function renderPresets() {
    const list = document.getElementById("preset-list");
    list.textContent = "";
    for (const p of presets) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.preset = p.id;
      button.textContent = p.title[lang];
      const q = document.createElement("span");
      q.className = "q";
      q.textContent = p.question[lang];
      button.appendChild(q);
      button.addEventListener("click", () => loadPreset(p, {}));
      li.appendChild(button);
      list.appendChild(li);
    }
  }

  function paramForm(preset, values) {
    const box = document.getElementById("preset-params");
    box.textContent = "";
    box.hidden = false;
    const inputs = {};
    for (const param of preset.parameters) {
      const label = document.createElement("label");
      label.textContent = "?" + param.name + " (" + param.type + ")";
      const input = document.createElement("input");
      input.name = param.name;
      input.value = values[param.name] ?? param.default;
      label.appendChild(input);
      box.appendChild(label);
      inputs[param.name] = input;
    }
    const run = document.createElement("button");
    run.type = "button";
    run.className = "run";
    run.textContent = t("run") + ": " + preset.title[lang];
    run.addEventListener("click", () => {
      const v = {};
      for (const [k, input] of Object.entries(inputs)) v[k] = input.value;
      runPreset(preset, v);
    });
    box.appendChild(run);
  }

  // Runs a preset through /queries/{id}, where the parameters are bound as
  // typed RDF terms, and shows the response in the result table.
  async function runPreset(preset, values) {
    const tab = yasgui.getTab();
    const url = new URL("/queries/" + encodeURIComponent(preset.id), location.origin);
    for (const [k, v] of Object.entries(values)) url.searchParams.set(k, v);
    const started = Date.now();
    const response = await fetch(url, { headers: { Accept: "application/sparql-results+json" } });
    const content = await response.text();
    const yasr = tab.getYasr();
    yasr.setResponse({
      ok: response.ok,
      status: response.status,
      statusText: response.ok ? response.statusText : t("failed") + ": " + content,
      headers: response.headers,
      type: response.type,
      content: content,
    }, Date.now() - started);
    document.body.dataset.presetLoaded = preset.id;
  }

  function loadPreset(preset, values) {
    document.querySelectorAll("#preset-list button").forEach((b) => {
      b.classList.toggle("active", b.dataset.preset === preset.id);
    });
    const tab = yasgui.getTab();
    tab.setQuery(withPrefixes(preset.query));
    paramForm(preset, values);
    return runPreset(preset, values);
  }

  // IRIs under the data base are served here: follow them locally.
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest("a[href]");
    if (!a || !config.base) return;
    const href = a.getAttribute("href");
    if (href && href.startsWith(config.base)) {
      event.preventDefault();
      const local = "/" + href.slice(config.base.length);
      if (a.target === "_blank" || event.ctrlKey || event.metaKey) window.open(local, "_blank");
      else location.href = local;
    }
  }, true);

  document.getElementById("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem("civkg-lang", lang);
    applyLanguage();
  });

  async function start() {
    config = await (await fetch("/ui/config.json")).json();
    presets = await (await fetch("/queries")).json();
    const Yasqe = Yasgui.Yasqe;
    // No LOV look-ups (class/property autocompleters call lov.linkeddata.es).
    Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    Yasqe.defaults.prefixCcApi = null;
    Yasgui.Yasr.defaults.prefixes = config.prefixes;
    yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      persistenceId: "civkg-yasgui",
    });
    if (!yasgui.getTab().getQuery().trim()) yasgui.getTab().setQuery(config.defaultQuery);
    applyLanguage();
    const wanted = params.get("preset");
    if (wanted) {
      const preset = presets.find((p) => p.id === wanted);
      if (preset) {
        const values = {};
        // Preset parameters come as `p.NAME=value` (`lang` is the page's).
        for (const param of preset.parameters) {
          const key = "p." + param.name;
          if (params.has(key)) values[param.name] = params.get(key);
        }
        await loadPreset(preset, values);
      }
    }
  }

  start().catch((e) => {
    console.error(e);
    document.body.dataset.error = String(e);
  });
})();
