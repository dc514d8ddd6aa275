<#assign name = ((lead.firstName)!"")?trim><#if name?has_content>${name}, shall we show you?<#else>Shall we show you?</#if> A 30-minute demo with your data in mind
