#!/usr/bin/env bash
# Loads the demo county into an empty database, alive: the seed's 13 rectification problems
# (config/demo/items.csv) with their deadlines placed around today, a few items in each state,
# the current half-year round in progress, and demo passwords. Used by scripts/run.sh on the first
# run and by the dashboard's end-to-end test.
#
#   bash scripts/demo.sh [--config FILE] [--original]
#     --config FILE  the configuration (default config/demo/duban.yaml)
#     --original     the seed's own dates (2020-05-15 and 2020-06-30, the round 2020-H1)
#   DUBAN=path/to/duban (default build/engine/duban); run in the folder that holds var/.
#   DUBAN_DEMO_PASSWORD: the demo users' password (default duban-demo).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
config="$here/config/demo/duban.yaml"
original=0
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config="$2"; shift 2 ;;
    --original) original=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "demo.sh: 未知参数 / unknown argument: $1" >&2; exit 2 ;;
  esac
done
bin="${DUBAN:-$here/build/engine/duban}"
password="${DUBAN_DEMO_PASSWORD:-duban-demo}"
duban() { "$bin" "$@" --config "$config"; }
as() { local who="$1"; shift; duban "$@" --as "$who" >/dev/null; }

duban init >/dev/null
if [ "$(duban item list --json --as office | grep -c '"id"')" != 0 ]; then
  echo "duban: 数据库中已有事项,不再载入演示数据 / the database has items: the demo is not loaded"
  exit 0
fi
mkdir -p var
# Days from today for the 13 problems, in the list's order (blank: a standing item, no date).
# Red (past), yellow (within 3 days), green (later).
offsets=(-24 -10 -3 2 1 6 12 20 -6 35 "" -15 "")
if [ "$original" = 1 ]; then
  items="$here/config/demo/items.csv"
  year=2020; half=H1; observation=2020-06-20
  today=2020-06-01  # the seed's "today": its deadlines 2020-05-15 and 2020-06-30
else
  items="var/demo-items.csv"
  today=$(date +%F)
  /usr/bin/python3 - "$here/config/demo/items.csv" "$items" "$today" "${offsets[@]}" <<'PY'
import csv, datetime, sys
src, dst, today, *offsets = sys.argv[1:]
base = datetime.date.fromisoformat(today)
with open(src, newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
for i, row in enumerate(rows[1:]):
    off = offsets[i] if i < len(offsets) else ''
    if row[-1].strip() and off != '':
        row[-1] = (base + datetime.timedelta(days=int(off))).isoformat()
with open(dst, 'w', newline='', encoding='utf-8') as f:
    csv.writer(f).writerows(rows)
PY
  year=$(date +%Y)
  # The seed's rounds: the half-year evaluation (H1) and the annual one (Y), held in the second half.
  if [ "$(date +%-m)" -le 6 ]; then half=H1; else half=Y; fi
  observation=$(date -d "+10 days" +%F)
fi
due() { if [ "$original" = 1 ]; then echo "$1"; else date -d "$today $2 days" +%F; fi; }
round="$year-$half"
if [ "$half" = Y ]; then previous="$year-H1"; else previous="$((year - 1))-Y"; fi
previous_observation=$(if [ "$half" = Y ]; then echo "$year-06-20"; else echo "$((year - 1))-12-10"; fi)
# The demo's week happens in the past, day by day (the clock pinned: clock.allow_pinned), so that
# the reminders of those days have gone out and the journal reads like a real week's work.
day() { date -d "$today $1 days" +%F; }
at() { export DUBAN_NOW="$(day "$1")T$2"; }  # at DAYS_FROM_TODAY HH:MM: what follows happens then
# The reminders due by then go out (and the day's open and overdue items are counted).
remind() { duban remind --as office >/dev/null 2>&1 || true; }
on() { at "$1" "$2"; remind; }

echo "duban: 载入演示数据 / loading the demo county ($round)"
# The previous round, scored and its ranking published (the rule plugins' recommendations await
# the leading group's decision): the ranking page's first look.
at -8 10:00
as office round start "$previous" --observation-date "$previous_observation"
for step in 1 2 3 4 5; do
  as office step open "$previous" "$step"
  as office step complete "$previous" "$step" --override "演示:往轮资料已归档"
done
as office step open "$previous" 6
/usr/bin/python3 - var/demo-scores-township.csv var/demo-scores-department.csv <<'PY'
import csv, sys
towns = ["longtan", "xinmin", "shimen", "dongling", "baisha", "qingshan", "chengguan", "liulin",
         "xihe", "shuanghe", "hongyan"]
parts = ["经济社会发展", "减贫成效", "主体责任", "精准识别", "精准帮扶", "扶贫资金", "项目进度",
         "产业发展", "驻村工作队"]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["单位"] + parts + ["省市督导表彰", "通过验收实现整体脱贫", "完成年度脱贫攻坚任务"])
    for i, u in enumerate(towns):  # from 96 down to about 70, each indicator a little apart
        w.writerow([u] + [max(50, 96 - 2.5 * i - (j * 7 + i * 3) % 5) for j in range(len(parts))]
                   + [2 if i == 0 else 0, "是" if i < 6 else "否", "是" if i < 9 else "否"])
depts = ["fupinban", "jiaoyu", "weijian", "zhujian", "shuili", "renshe", "nongye", "minzheng"]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["单位", "驻村工作队工作情况", "捐建项目资金", "其他年度目标任务", "帮扶贫困村个数",
                "完成年度脱贫攻坚任务", "造成县第三方评估结果重大损失"])
    for i, u in enumerate(depts):
        w.writerow([u, 95 - 3 * i, 90 - 2 * i, 92 - i, 3 + i % 3, "是", "否"])
PY
as office score import var/demo-scores-township.csv --round "$previous"
as office score import var/demo-scores-department.csv --round "$previous"
as office round publish "$previous"
on -7 08:30
as office import "$items"
remind
# Items further along their lifecycle: closed, sent back once (and overdue again), assigned,
# acknowledged with an extension asked, rectified (awaiting verification), verified.
on -6 10:00
as longtan item rectify 1 --evidence 合户识别台账.pdf \
  --result "于5月15日前对村上老人户与子女未整户识别的户,与子女合户识别,待七月动态调整进行更正"
as inspector item verify 1
on -5 10:00
as office item close 1
as longtan item rectify 2 --result "一帮多问题分解之后,一个干部最多帮扶5户"
on -4 10:00
as inspector item reject 2 --reason "缺少帮扶台账佐证" --due "$(due 2020-07-15 -2)"
as office item assign 3 --owner 队长 --due "$(due 2020-06-30 9)" \
  --measures "明确驻村工作队在村工作任务,加强监督考核"
as longtan item ack 4
on -3 10:00
as longtan item extend 4 --due "$(due 2020-07-31 30)" --reason "合作社年底分红后再核实带动人数"
as longtan item rectify 5 --result "已签协议的旧房拆除 41 户,拆除比例 92%"
as office item assign 9 --owner 周某九 --due "$(due 2020-06-10 -6)" --measures "逐户核查识别与退出程序"
# This half year's round: self-inspection and special supervision done, the quarterly observation
# tour under way (some townships have sent their village lists).
on -2 10:00
as xinmin item rectify 9 --result "已逐户核查 126 户,更正 3 户"
as inspector item verify 9
as office round start "$round" --observation-date "$observation"
for step in 1 2; do as office step open "$round" "$step"; done
for unit in longtan xinmin shimen dongling baisha; do as "$unit" submit "$round" 1 --unit "$unit"; done
on -1 10:00
as office step complete "$round" 1 --override "其余单位书面报告已线下收取"
as office step complete "$round" 2
as office step open "$round" 3
as longtan submit "$round" 3 --unit longtan --note "水口村,张坪村,五龙村"
as xinmin submit "$round" 3 --unit xinmin --note "新民村,石桥村"
# Logins for the dashboard.
for user in leader office inspector evaluator viewer sysadmin longtan xinmin shimen; do
  echo "$password" | duban user passwd "$user" --as office >/dev/null
done
unset DUBAN_NOW
echo "duban: 演示数据已载入 / demo loaded: 13 个事项, 轮次 $round; 演示账号 office(领导小组)、longtan(龙潭镇)、inspector(督导组)等,密码 $password"
