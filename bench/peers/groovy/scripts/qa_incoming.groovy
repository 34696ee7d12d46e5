// examples/outsourced_qa/qa.sync, incoming: the developers' status (through the status map,
// unknown statuses leave the issue as it is), resolution and comments come back.
if (firstSync) {
  return   // QA's issues start at QA: nothing is created from the developers' side
}
def statusMap = [
  "To Do"       : "To Do",
  "In Progress" : "In Progress",
  "In Review"   : "In Progress",
  "Done"        : "Done",
]
def localStatus = statusMap[replica.status?.name]
if (localStatus != null) {
  issue.setStatus(localStatus)
}
issue.resolution = replica.resolution
issue.comments   = commentHelper.mergeComments(issue, replica)
