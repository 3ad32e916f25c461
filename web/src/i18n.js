// Chinese first, English on request (the switch in the header; kept in this browser).
const KEY = 'duban.lang';
let current = localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';

export function lang() { return current; }
export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh';
  localStorage.setItem(KEY, current);
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}
document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';

const M = {
  app: ['督办', 'duban'],
  appLong: ['县级评估整改督办', 'County evaluation and rectification'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  username: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  loginFailed: ['登录失败', 'Login failed'],
  switchLang: ['English', '中文'],
  switchLangLabel: ['Switch to English', '切换到中文'],
  nav: ['主导航', 'Main navigation'],
  overview: ['评估进度', 'Round overview'],
  board: ['整改看板', 'Rectification board'],
  ranking: ['排名与建议', 'Ranking'],
  charts: ['图表', 'Charts'],
  import: ['导入问题清单', 'Import'],
  notifications: ['通知', 'Notifications'],
  province: ['各县汇总', 'Counties'],
  provinceNote: ['只读:省(市)级办公室查看各县的事项与已发布的排名,不修改任何数据', 'Read-only: the province\'s (prefecture\'s) office sees each county\'s items and published rankings and changes nothing'],
  county: ['县', 'County'],
  countyCount: ['县数', 'Counties'],
  publishedRanking: ['最近发布的排名', 'Latest published ranking'],
  publishedAt: ['发布于', 'Published'],
  noPublished: ['尚未发布', 'None published yet'],
  kindTownship: ['乡镇', 'Townships'],
  kindDepartment: ['部门', 'Departments'],
  loading: ['加载中…', 'Loading…'],
  none: ['暂无', 'None'],
  error: ['出错了', 'Something went wrong'],
  retry: ['重试', 'Retry'],
  round: ['轮次', 'Round'],
  step: ['步骤', 'Step'],
  due: ['整改时限', 'Due'],
  stepDue: ['截止', 'Due'],
  submitted: ['已提交', 'Submitted'],
  late: ['逾期未交', 'Late'],
  missing: ['未提交', 'Not yet submitted'],
  noRound: ['还没有评估轮次', 'No evaluation round yet'],
  openItems: ['待整改', 'Awaiting rectification'],
  overdueItems: ['已逾期', 'Overdue'],
  dueSoon: ['即将到期', 'Due soon'],
  allItems: ['全部事项', 'All items'],
  state: ['状态', 'State'],
  unit: ['责任单位', 'Unit'],
  category: ['类别', 'Category'],
  source: ['来源', 'Source'],
  search: ['搜索', 'Search'],
  searchHint: ['标题、表现或措施中的词', 'words in the title, manifestation or measures'],
  overdueOnly: ['只看逾期', 'Overdue only'],
  colour: ['颜色', 'Colour'],
  filter: ['筛选', 'Filter'],
  reset: ['清除', 'Clear'],
  all: ['全部', 'All'],
  title: ['问题', 'Problem'],
  owner: ['责任人', 'Owner'],
  total: ['共 {n} 项', '{n} items'],
  next: ['下一页', 'Next page'],
  prev: ['上一页', 'Previous page'],
  perUnit: ['各单位事项', 'Items per unit'],
  items: ['事项', 'Items'],
  red: ['红', 'red'],
  yellow: ['黄', 'yellow'],
  green: ['绿', 'green'],
  statusRed: ['逾期', 'overdue'],
  statusYellow: ['3 天内到期', 'due within 3 days'],
  statusGreen: ['正常', 'on time'],
  item: ['事项', 'Item'],
  manifestation: ['具体表现', 'Manifestation'],
  measures: ['整改措施', 'Measures'],
  result: ['整改结果', 'Result'],
  evidence: ['佐证材料', 'Evidence'],
  journal: ['办理记录', 'Journal'],
  actions: ['可办理的操作', 'What you may do'],
  noActions: ['当前没有您可办理的操作', 'Nothing for you to do on this item now'],
  reason: ['理由', 'Reason'],
  newDue: ['新的整改时限', 'New due date'],
  askedDue: ['申请延期至', 'Extend to'],
  file: ['上传佐证文件', 'Upload evidence'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  saved: ['已办理', 'Done'],
  conflict: ['事项已被他人改动,已重新载入,请核对后再提交', 'The item was changed meanwhile; it was reloaded, check and submit again'],
  required: ['必填', 'required'],
  acknowledged: ['签收', 'Acknowledged'],
  rework: ['退回整改次数', 'Reworks'],
  extension: ['延期申请', 'Extension request'],
  back: ['返回看板', 'Back to the board'],
  grade: ['等次', 'Grade'],
  rank: ['名次', 'Rank'],
  change: ['变化', 'Change'],
  points: ['得分', 'Points'],
  recommendations: ['激励与问责建议', 'Recommendations'],
  accept: ['采纳', 'Accept'],
  dismiss: ['不予采纳', 'Dismiss'],
  dismissNeedsNote: ['不予采纳须在“说明”中写明理由', 'Give the reason in the note to dismiss'],
  notRanked: ['未排名', 'not ranked'],
  kind: ['类型', 'Kind'],
  measure: ['措施', 'Measure'],
  status: ['状态', 'Status'],
  chartStates: ['各乡镇事项状态', 'Items by state per township'],
  chartTrend: ['逾期趋势(近 90 天,每日计数)', 'Overdue trend (the last 90 days, counted daily)'],
  countyOnly: ['全县数据仅供领导小组等查看', 'County-wide figures are for the leading group and county readers'],
  chartScores: ['得分分布', 'Score distribution'],
  chartRanking: ['排名', 'Ranking'],
  importHint: ['选择或拖入问题清单(CSV 或 XLSX),先预演,确认后再导入', 'Choose or drop a problem list (CSV or XLSX): a dry run first, then confirm'],
  chooseFile: ['问题清单文件', 'Problem list file'],
  dryRun: ['预演', 'Dry run'],
  confirm: ['确认导入', 'Confirm the import'],
  row: ['行', 'Row'],
  outcome: ['结果', 'Outcome'],
  created: ['新建', 'create'],
  updated: ['更新', 'update'],
  refused: ['拒绝', 'refused'],
  imported: ['已导入', 'Imported'],
  recipient: ['收件人', 'To'],
  channel: ['渠道', 'Channel'],
  subject: ['内容', 'Subject'],
  attempts: ['尝试次数', 'Attempts'],
  lastError: ['错误', 'Error'],
  onlyFailed: ['只看失败', 'Failed only'],
  retried: ['已重新排队', 'Queued again'],
  forbidden: ['您没有权限查看此页', 'You may not see this page'],
  at: ['时间', 'When'],
  actor: ['操作人', 'By'],
  event: ['操作', 'Event'],
  fromTo: ['状态变化', 'State'],
  note: ['说明', 'Note'],
};

const STATES = {
  identified: ['已发现', 'identified'], assigned: ['已交办', 'assigned'],
  rectified: ['已整改', 'rectified'], verified: ['已验收', 'verified'], closed: ['已销号', 'closed'],
};
const EVENTS = {
  assign: ['交办', 'Assign'], reassign: ['改派', 'Reassign'], ack: ['签收', 'Acknowledge'],
  rectify: ['填报整改结果', 'Report the rectification'], verify: ['验收通过', 'Verify'],
  reject: ['退回整改', 'Send back'], close: ['销号', 'Close'], reopen: ['重新打开', 'Reopen'],
  extend: ['申请延期', 'Ask for an extension'], 'approve-extension': ['批准延期', 'Approve the extension'],
  'refuse-extension': ['不批准延期', 'Refuse the extension'], suspend: ['暂停', 'Suspend'],
  resume: ['恢复', 'Resume'], report: ['报告进展', 'Report progress'],
  import: ['导入', 'import'], create: ['新建', 'create'], evidence: ['上传佐证', 'evidence'],
};
const SOURCES = {
  national: ['国家', 'national'], provincial: ['省级', 'provincial'], municipal: ['市级', 'municipal'],
  county: ['县级', 'county'], self_inspection: ['自查', 'self-inspection'],
};
const STEP_STATES = {
  pending: ['未开始', 'pending'], open: ['进行中', 'open'], completed: ['已完成', 'completed'],
};

const pick = (pair, fallback) => (pair ? pair[current === 'en' ? 1 : 0] : fallback);

export function t(key, vars = {}) {
  let s = pick(M[key], key);
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}
export const stateLabel = (s) => pick(STATES[s], s);
export const eventLabel = (e) => pick(EVENTS[e], e);
export const sourceLabel = (s) => pick(SOURCES[s], s);
export const stepStateLabel = (s) => pick(STEP_STATES[s], s);
export const ITEM_STATES = Object.keys(STATES);
export const ITEM_SOURCES = Object.keys(SOURCES);
