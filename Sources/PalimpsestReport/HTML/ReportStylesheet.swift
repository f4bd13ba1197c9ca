import PalimpsestCore

/// The report page's CSS, inlined into every page so that it opens offline as one file.
enum ReportStylesheet {
    static let css = """
        :root { --ink: #1d2329; --muted: #5b6670; --line: #d8dde2; --panel: #f5f7f9; --accent: #1f5fa8;
          --exact: #7f1d1d; --near-duplicate: #c62828; --derivative: #d35400; --partial: #7b1fa2; --none: #607d8b;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; line-height: 1.45; font-size: 15px; }
        header.masthead { background: #17212b; color: #fff; padding: 18px 24px 14px; }
        header.masthead h1 { margin: 0 0 4px; font-size: 22px; font-weight: 650; }
        header.masthead p { margin: 0; color: #c9d3dc; overflow-wrap: anywhere; }
        nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line);
          padding: 8px 24px; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
        nav.toc a { color: var(--accent); text-decoration: none; }
        main { max-width: 1180px; margin: 0 auto; padding: 8px 24px 40px; }
        h2 { font-size: 20px; margin: 28px 0 10px; }
        h3 { font-size: 16px; margin: 22px 0 8px; }
        section { scroll-margin-top: 48px; }
        code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
        .hash { overflow-wrap: anywhere; word-break: break-all; }
        .muted { color: var(--muted); }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 118px; background: var(--panel); }
        .card b { display: block; font-size: 22px; }
        .card.count-exact { border-left: 5px solid var(--exact); } .card.count-near-duplicate { border-left: 5px solid var(--near-duplicate); }
        .card.count-derivative { border-left: 5px solid var(--derivative); } .card.count-partial { border-left: 5px solid var(--partial); }
        .card.count-none { border-left: 5px solid var(--none); }
        .two-col { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 28px; align-items: start; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
        th { background: var(--panel); font-weight: 600; white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.path { overflow-wrap: anywhere; min-width: 12em; }
        .grade { display: inline-block; border-radius: 999px; padding: 1px 10px; color: #fff; font-size: 13px; font-weight: 600; white-space: nowrap; }
        .grade-exact { background: var(--exact); } .grade-near-duplicate { background: var(--near-duplicate); }
        .grade-derivative { background: var(--derivative); } .grade-partial { background: var(--partial); }
        .grade-none { background: var(--none); }
        svg.histogram { width: 100%; max-width: 560px; height: auto; display: block; }
        svg.histogram .bar { fill: #9aa7b3; } svg.histogram .bar.flagged { fill: var(--near-duplicate); }
        svg.histogram text { font-size: 13px; fill: var(--muted); text-anchor: middle; }
        svg.histogram .flag-label { text-anchor: start; }
        svg.histogram .axis { stroke: #8895a1; } svg.histogram .flag-line { stroke: var(--ink); stroke-dasharray: 4 3; }
        .finding { border-top: 3px solid var(--line); margin-top: 36px; padding-top: 6px; }
        .finding h2 { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; }
        .finding h2 .name { overflow-wrap: anywhere; min-width: 0; }
        .finding .lede { margin: 0 0 10px; color: var(--muted); overflow-wrap: anywhere; }
        .note { background: #fff6e0; border-left: 4px solid #e0a100; padding: 8px 12px; margin: 10px 0; overflow-wrap: anywhere; }
        .figures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 18px 22px; margin: 12px 0; }
        figure { margin: 0; min-width: 0; }
        figcaption { font-size: 13px; color: var(--muted); margin: 0 0 4px; font-weight: 600; }
        .frame, .stack { position: relative; line-height: 0; background: var(--panel); border: 1px solid var(--line);
          width: fit-content; max-width: 100%; margin: 0 auto; }
        .frame img, .stack img { display: block; max-width: 100%; max-height: 70vh; width: auto; height: auto; }
        .region { position: absolute; border: 3px solid #00c8ff; box-shadow: 0 0 0 1px #003a4d; pointer-events: none; }
        .tiles { position: absolute; inset: 0; display: grid; grid-template-columns: repeat(4, 1fr); grid-template-rows: repeat(4, 1fr); }
        .tiles span { display: flex; align-items: center; justify-content: center; border: 1px solid rgba(255, 255, 255, .75);
          color: #fff; font: 600 12px/1 system-ui, sans-serif; text-shadow: 0 0 3px #000, 0 0 2px #000; }
        .tile-match { background: rgba(46, 160, 67, .42); } .tile-weak { background: rgba(240, 170, 20, .42); }
        .tile-differ { background: rgba(210, 40, 40, .45); }
        .tile-unjudged { background: repeating-linear-gradient(45deg, rgba(90, 90, 90, .35) 0 6px, rgba(255, 255, 255, .25) 6px 12px); }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: var(--muted); margin-top: 6px; align-items: center; }
        .legend i { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border: 1px solid #999; }
        .ramp { display: inline-block; width: 120px; height: 10px; border: 1px solid #999; vertical-align: -1px;
          background: linear-gradient(90deg, #0c072a, #5a166e, #be3752, #f98e09, #fcfdbf); }
        .stack img.top { position: absolute; inset: 0; width: 100%; height: 100%; max-height: none; opacity: .5; }
        .blink-toggle { position: absolute; opacity: 0; width: 1px; height: 1px; }
        .blink-toggle:checked ~ .stack img.top { animation: blink 1.2s step-end infinite; }
        .controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin-top: 8px; font-size: 13px; }
        .controls input[type=range] { width: 150px; vertical-align: middle; }
        .button { border: 1px solid var(--accent); color: var(--accent); border-radius: 6px; padding: 3px 12px; cursor: pointer; user-select: none; }
        .blink-toggle:checked ~ .controls .button { background: var(--accent); color: #fff; }
        .blink-toggle:focus-visible ~ .controls .button { outline: 2px solid var(--accent); outline-offset: 2px; }
        .needs-js { display: none; }
        .js .needs-js { display: inline-flex; gap: 8px; align-items: center; }
        @keyframes blink { 0% { opacity: 1; } 50% { opacity: 0; } }
        pre.metadata { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); padding: 8px; margin: 0; font-size: 12px; max-height: 16em; overflow: auto; }
        footer { max-width: 1180px; margin: 0 auto; padding: 16px 24px 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
        @media (max-width: 640px) {
          body { font-size: 14px; }
          header.masthead, nav.toc, main, footer { padding-left: 12px; padding-right: 12px; }
          .facts { grid-template-columns: 1fr; gap: 0; }
          .facts dd { margin-bottom: 6px; }
          .figures { grid-template-columns: 1fr; }
          th, td { padding: 5px 6px; }
          table.responsive thead { display: none; }
          table.responsive tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
          table.responsive td { display: flex; gap: 10px; border: 0; padding: 2px 0; }
          table.responsive td::before { content: attr(data-label); color: var(--muted); min-width: 6.5em; flex: none; }
          table.responsive td.num { text-align: left; }
          table.responsive th[scope=row] { display: block; background: none; border: 0; padding: 2px 0; white-space: normal; }
          table.responsive td.path { min-width: 0; }
        }
        @media print { nav.toc { display: none; } .finding { break-before: page; } }
        """
}
