package io.nurture.sales;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** "Show review to sales managers": the open review task becomes visible to the group sales-managers. */
@Component("showToSalesManagers")
class ShowToSalesManagersDelegate implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		TaskService tasks = execution.getProcessEngineServices().getTaskService();
		for (Task review : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
				.taskDefinitionKey(SalesHandover.REVIEW_TASK).list()) {
			tasks.addCandidateGroup(review.getId(), SalesHandover.MANAGERS_GROUP);
		}
	}
}
