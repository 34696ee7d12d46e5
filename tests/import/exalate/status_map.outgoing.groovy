// Priorities by the other side's names.
def priorityMap = ["Highest": "P1", "High": "P2", "Medium": "P3"]
replica.status   = issue.status
replica.priority = priorityMap[issue.priority?.name] ?: "P3"
