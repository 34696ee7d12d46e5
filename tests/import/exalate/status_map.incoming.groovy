if (firstSync) {
  issue.projectKey = "DEV"
  issue.typeName   = nodeHelper.getIssueType(replica.type?.name, issue.projectKey)?.name ?: "Task"
}
def statusMap = [
  "Done"       : "Resolved",
  "In Progress": "Open",
]
def priorityMap = ["P1": "Highest", "P2": "High", "P4": "Low"]
issue.setStatus(statusMap[replica.status?.name] ?: "Open")
issue.priority = priorityMap[replica.priority?.name]

// The documentation's other form: a local, then the map with the remote name as fallback.
def remoteStatusName = replica.status.name
issue.status = statusMap[remoteStatusName] ?: remoteStatusName
