#!/bin/sh
# GitHub Enterprise Server pre-receive hook script. Put this file in a repository of the
# instance, and keepmum (a static Linux build) plus the policy at /etc/keepmum/ in a
# pre-receive hook environment (a chroot tarball: e.g. an Alpine container with
# /usr/local/bin/keepmum and /etc/keepmum/github-enterprise.keepmum.yaml, `docker export`ed
# and uploaded under Site admin > Hooks > Manage environments); then create the hook from
# the script and the environment, and enforce it.
# GitHub Enterprise Server gives all pre-receive hooks of a push 5 seconds in total, then
# rejects the push: the policy's time-budget of 4 s leaves room for the process and the other
# hooks, and on-timeout: reject says so on the pusher's screen (push in parts; see README).
# The hook sees GITHUB_USER_LOGIN, GITHUB_REPO_NAME and GIT_PUSH_OPTION_COUNT/_<n>; the pushed
# objects are in git's quarantine. Anything the hook prints reaches the pusher.
policy=/etc/keepmum/github-enterprise.keepmum.yaml
if ! command -v keepmum >/dev/null 2>&1; then
  echo "keepmum is not in this hook environment: push rejected (ask the site admin)" >&2
  exit 2
fi
exec keepmum pre-receive --config "$policy"
