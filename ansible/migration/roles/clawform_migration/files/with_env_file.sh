#!/bin/sh
# with_env_file.sh FILE COMMAND [ARG...]: runs COMMAND with the NAME=VALUE
# lines of FILE added to its environment, read on this host (blank lines and
# '#' comments skipped, a leading `export ` dropped, the value taken as it is
# after the first '=': the format of clawform.fleet's env_file). It prints no
# value; an error names the file and line number only.
set -eu
file=$1
shift
number=0
while IFS= read -r line || [ -n "$line" ]; do
  number=$((number + 1))
  line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
  case $line in '' | '#'*) continue ;; esac
  line=${line#export }
  name=${line%%=*}
  case $name in
    "$line" | '' | [0-9]* | *[!A-Za-z0-9_]*)
      echo "with_env_file.sh: $file line $number is not NAME=VALUE" >&2
      exit 2 ;;
  esac
  export "$name=${line#*=}"
done < "$file"
exec "$@"
