/** The CSS of the HTML report, shared by the post-incident review page. */
export const REPORT_STYLE: string = `body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}
.muted{color:#57606a}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:120px}.card b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #eaeef2;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td{overflow-wrap:anywhere}.chart{max-width:100%;height:auto;display:block;margin:12px 0}.chart .title{font-weight:600;font-size:13px}
.chart .label,.chart .value{font-size:12px;fill:#1f2328}.sev-critical{color:#cf222e;font-weight:600}.sev-high{color:#bc4c00;font-weight:600}
.status-attention{color:#cf222e;font-weight:600}.status-evidenced{color:#1a7f37;font-weight:600}.status-not-applicable{color:#57606a}
details{margin:6px 0}summary{cursor:pointer}ol{margin:4px 0 8px 18px;padding:0;font-size:13px}footer{font-size:12px;color:#57606a;margin-top:32px}`;
