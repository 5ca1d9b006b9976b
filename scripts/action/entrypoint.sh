#!/usr/bin/env bash
# The scan step of the keepmum GitHub Action (action.yml): works out which commits the event
# brings, makes sure the checkout holds them (deepening a shallow clone as far as needed),
# runs `keepmum scan --range BASE..HEAD`, writes SARIF for code scanning, annotations, the
# step summary and the step's outputs.
#
# Events: pull_request / pull_request_target (base..head of the pull request), push
# (before..after; a new branch or tag: from the default branch; a new default branch: its
# whole history; a deleted ref: nothing), merge_group (base..head of the group). Any other
# event (schedule, workflow_dispatch...) scans the whole history of GITHUB_SHA. The `range`
# input overrides all of that.
#
# Inputs (environment): INPUT_RANGE, INPUT_CONFIG, INPUT_SARIF_FILE (default keepmum.sarif),
# INPUT_FETCH (true: fetch missing commits and deepen a shallow clone; false: fail instead),
# KEEPMUM_BIN (default: keepmum from PATH). GitHub sets GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
# GITHUB_SHA, GITHUB_REF, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
#
# Exit code: keepmum's (0 clean, 1 findings, 2 error), or 2 when the range cannot be made
# available. With KEEPMUM_DEFER_EXIT=true it exits 0 after writing `exit-code` to
# GITHUB_OUTPUT, so that a later step can upload the SARIF before failing the job.
set -euo pipefail

keepmum=${KEEPMUM_BIN:-keepmum}
sarif=${INPUT_SARIF_FILE:-keepmum.sarif}
fetch=${INPUT_FETCH:-true}
config=${INPUT_CONFIG:-}
range=${INPUT_RANGE:-}
zeros=0000000000000000000000000000000000000000
remote=${KEEPMUM_REMOTE:-origin}

note() { printf 'keepmum: %s\n' "$*" >&2; }

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
  fi
}

# Ends the step with `code`, after recording it (see KEEPMUM_DEFER_EXIT above).
finish() {
  output exit-code "$1"
  if [ "${KEEPMUM_DEFER_EXIT:-false}" = true ]; then
    exit 0
  fi
  exit "$1"
}

fail() {
  printf '::error title=keepmum::%s\n' "$(escape_data "$*")"
  note "error: $*"
  summary "### keepmum: error" "" "$*"
  finish 2
}

# Workflow-command escaping (https://docs.github.com/actions: workflow commands).
escape_data() {
  local s=$1
  s=${s//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "$s"
}

# A field of the event payload, empty when absent or null: jq, else Python.
event_field() {
  local path=$1
  [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ] || return 0
  if command -v jq >/dev/null 2>&1 && [ "${KEEPMUM_JSON_TOOL:-jq}" = jq ]; then
    jq -r "$path // empty" "$GITHUB_EVENT_PATH"
  else
    local py
    py=$(command -v python3 || command -v python) || fail "reading the event payload needs jq or Python"
    "$py" - "$GITHUB_EVENT_PATH" "$path" <<'PY'
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].lstrip(".").split("."):
    v = v.get(key) if isinstance(v, dict) else None
if v is not None:
    print(str(v).lower() if isinstance(v, bool) else v)
PY
  fi
}

have_commit() { git cat-file -e "$1^{commit}" 2>/dev/null; }

is_shallow() { [ "$(git rev-parse --is-shallow-repository)" = true ]; }

# Fetches commits the checkout lacks (GitHub serves any reachable commit by id).
ensure_commits() {
  local missing=() c
  for c in "$@"; do
    have_commit "$c" || missing+=("$c")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$fetch" != true ]; then
    fail "the checkout lacks commit(s) ${missing[*]}: use actions/checkout with fetch-depth: 0, or let the action fetch (fetch: true)"
  fi
  local depth=()
  is_shallow && depth=(--depth=50)
  note "fetching ${missing[*]} from $remote"
  git fetch --quiet --no-tags ${depth[@]+"${depth[@]}"} "$remote" "${missing[@]}" ||
    fail "cannot fetch ${missing[*]} from $remote (a force-pushed commit may be gone): use actions/checkout with fetch-depth: 0, or set the range input"
  for c in "${missing[@]}"; do
    have_commit "$c" || fail "commit $c is not available after fetching it from $remote"
  done
}

# Whether base..head can be walked exactly: the merge base is known and no commit of the
# range is a shallow boundary (whose parents the checkout lacks, so it would look like a
# root commit and be scanned whole).
range_complete() {
  local base=$1 head=$2
  is_shallow || return 0
  git merge-base "$base" "$head" >/dev/null 2>&1 || return 1
  local shallow commits
  shallow=$(git rev-parse --git-path shallow)
  # Not a pipe: `grep -q` stopping early would fail `git rev-list` under pipefail.
  commits=$(git rev-list "$base..$head")
  ! grep -qxF -f "$shallow" <<<"$commits"
}

# Deepens a shallow checkout until base..head is complete (doubling, then --unshallow).
ensure_range() {
  local base=$1 head=$2 n=50 round
  for round in 1 2 3 4 5 6; do
    range_complete "$base" "$head" && return 0
    [ "$fetch" = true ] || fail "the shallow checkout does not reach the merge base of $base and $head: use actions/checkout with fetch-depth: 0, or let the action fetch (fetch: true)"
    note "deepening the shallow checkout by $n commits (round $round)"
    git fetch --quiet --no-tags --deepen="$n" "$remote" "$base" "$head" ||
      fail "cannot deepen the checkout from $remote: use actions/checkout with fetch-depth: 0"
    n=$((n * 2))
  done
  if ! range_complete "$base" "$head"; then
    note "fetching the whole history"
    git fetch --quiet --no-tags --unshallow "$remote" ||
      fail "cannot fetch the whole history from $remote: use actions/checkout with fetch-depth: 0"
  fi
}

# The whole history of `tip` must be there.
ensure_history() {
  if is_shallow; then
    [ "$fetch" = true ] || fail "scanning the whole history of $1 needs it all: use actions/checkout with fetch-depth: 0, or let the action fetch (fetch: true)"
    note "fetching the whole history"
    git fetch --quiet --no-tags --unshallow "$remote" ||
      fail "cannot fetch the whole history from $remote: use actions/checkout with fetch-depth: 0"
  fi
}

# A range from `base` (a commit, or a branch of the remote) to `head`.
set_range() {
  local base=$1 head=$2
  ensure_commits "$head"
  head=$(git rev-parse "$head^{commit}")
  if [ -z "$base" ]; then
    ensure_history "$head"
    range=$head
  else
    ensure_commits "$base"
    base=$(git rev-parse "$base^{commit}")
    ensure_range "$base" "$head"
    range=$base..$head
  fi
}

# The default branch's tip, fetched; empty when there is none to compare with.
default_branch_tip() {
  local branch
  branch=$(event_field .repository.default_branch)
  [ -n "$branch" ] || return 0
  if ! git rev-parse -q --verify "refs/remotes/$remote/$branch^{commit}" >/dev/null; then
    [ "$fetch" = true ] || return 0
    git fetch --quiet --no-tags ${depth_arg[@]+"${depth_arg[@]}"} "$remote" \
      "+refs/heads/$branch:refs/remotes/$remote/$branch" 2>/dev/null || return 0
  fi
  git rev-parse -q --verify "refs/remotes/$remote/$branch^{commit}" || true
}

command -v git >/dev/null 2>&1 || fail "git is not on PATH"
git rev-parse --git-dir >/dev/null 2>&1 ||
  fail "not in a git repository: run actions/checkout before keepmum"
depth_arg=()
is_shallow && depth_arg=(--depth=50)

event=${GITHUB_EVENT_NAME:-}
what=
if [ -n "$range" ]; then
  what="the range input"
  if [[ $range == *..* ]]; then
    set_range "${range%%..*}" "${range##*..}"
  else
    set_range "" "$range"
  fi
else
  case $event in
    pull_request | pull_request_target)
      what="pull request #$(event_field .pull_request.number)"
      base=$(event_field .pull_request.base.sha)
      head=$(event_field .pull_request.head.sha)
      [ -n "$base" ] && [ -n "$head" ] || fail "the $event payload has no pull_request.base.sha / head.sha"
      set_range "$base" "$head"
      # The pull request's own .keepmum.yaml and .keepmumignore apply, as in the hooks: make
      # a change to them visible.
      changed=$(git diff --name-only "$base...$head" -- .keepmum.yaml .keepmum.yml .keepmumignore 2>/dev/null || true)
      for f in $changed; do
        printf '::warning file=%s,title=keepmum policy changed::%s\n' "$f" \
          "This pull request changes $f, which decides what keepmum reports: review it with the code."
      done
      ;;
    merge_group)
      what="merge group"
      set_range "$(event_field .merge_group.base_sha)" "$(event_field .merge_group.head_sha)"
      ;;
    push)
      before=$(event_field .before)
      after=$(event_field .after)
      after=${after:-${GITHUB_SHA:-}}
      ref=${GITHUB_REF:-$(event_field .ref)}
      what="push to ${ref#refs/*/}"
      if [ "$(event_field .deleted)" = true ] || [ "$after" = "$zeros" ]; then
        note "$ref was deleted: nothing to scan"
        summary "### keepmum" "" "$ref was deleted: nothing to scan."
        output findings 0
        output range ""
        finish 0
      fi
      [ -n "$after" ] || fail "the push payload has no \`after\` commit and GITHUB_SHA is empty"
      if [ -n "$before" ] && [ "$before" != "$zeros" ] &&
        { have_commit "$before" || git fetch --quiet --no-tags ${depth_arg[@]+"${depth_arg[@]}"} "$remote" "$before" 2>/dev/null; }; then
        # An update (a force push too: only commits `before` lacks are new).
        set_range "$before" "$after"
      else
        if [ -n "$before" ] && [ "$before" != "$zeros" ]; then
          note "the previous tip $before is gone (force push?): comparing with the default branch"
        fi
        # A new branch or tag: what the default branch lacks; the default branch itself
        # (or no default branch to compare with): the whole history.
        default=$(event_field .repository.default_branch)
        tip=
        if [ "$ref" != "refs/heads/$default" ]; then
          tip=$(default_branch_tip)
        fi
        set_range "$tip" "$after"
      fi
      ;;
    *)
      what="${event:-no event}: the history of ${GITHUB_SHA:-HEAD}"
      set_range "" "${GITHUB_SHA:-HEAD}"
      ;;
  esac
fi

args=(scan --range "$range" --no-progress)
if [ -n "$config" ]; then
  args+=(--config "$config")
fi
note "scanning $range ($what)"
output range "$range"

code=0
"$keepmum" "${args[@]}" --color never || code=$?
sarif_code=0
mkdir -p "$(dirname "$sarif")"
"$keepmum" "${args[@]}" --format sarif >"$sarif" || sarif_code=$?
[ "$sarif_code" -gt "$code" ] && code=$sarif_code
output sarif-file "$sarif"

# Findings from the SARIF log: a count, and one annotation each (they show in the diff of
# the pull request without code scanning). Values are redacted by keepmum.
count=0
if [ -s "$sarif" ] && [ "$sarif_code" -le 1 ]; then
  if command -v jq >/dev/null 2>&1 && [ "${KEEPMUM_JSON_TOOL:-jq}" = jq ]; then
    count=$(jq '[.runs[].results[]] | length' "$sarif")
    lines=$(jq -r '.runs[].results[] | [.locations[0].physicalLocation.artifactLocation.uri, (.locations[0].physicalLocation.region.startLine|tostring), (.locations[0].physicalLocation.region.startColumn // 1 | tostring), .ruleId, .message.text] | @tsv' "$sarif")
  else
    py=$(command -v python3 || command -v python) || fail "reading the SARIF log needs jq or Python"
    count=$("$py" -c 'import json,sys; print(sum(len(r["results"]) for r in json.load(open(sys.argv[1]))["runs"]))' "$sarif")
    lines=$("$py" - "$sarif" <<'PY'
import json, sys
for run in json.load(open(sys.argv[1], encoding="utf-8"))["runs"]:
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        cells = [loc["artifactLocation"]["uri"], loc["region"]["startLine"],
                 loc["region"].get("startColumn", 1), r["ruleId"], r["message"]["text"]]
        print("\t".join(str(c).replace("\t", " ").replace("\n", " ") for c in cells))
PY
)
  fi
  while IFS=$'\t' read -r file line col rule message; do
    [ -n "$file" ] || continue
    file=${file//'%'/'%25'}; file=${file//','/'%2C'}; file=${file//':'/'%3A'}
    printf '::error file=%s,line=%s,col=%s,title=keepmum %s::%s\n' \
      "$file" "$line" "$col" "$rule" "$(escape_data "$message")"
  done <<<"$lines"
fi
output findings "$count"

summary "### keepmum" ""
case $code in
  0) summary "No secrets or debug settings in $range ($what)." ;;
  1) summary "**$count finding(s)** in $range ($what). Values are redacted; the SARIF log is \`$sarif\`." "" \
    "Remove each secret from the commits that add it and rotate it. A false positive: add \`# keepmum:allow RULE-ID\` to the line, or its fingerprint to \`.keepmumignore\`." ;;
  *) summary "keepmum failed (exit code $code) on $range ($what): see the log." ;;
esac
finish "$code"
