<#-- Nurture email (marketing): an invitation to a 30-minute demo, for leads who engaged. One tracked call to action. -->
<#import "/layout/text.ftl" as layout>
<@layout.email title="A 30-minute demo, with your questions in mind">
${layout.greeting()}

You have been reading about lead scoring and nurture for a while now. The quickest way to see whether it fits your team is to watch it work.

In 30 minutes we show you how leads are captured, nurtured, scored and handed to sales, and we answer your questions as we go.

Pick a time for your demo:
${track(layout.page("/demo"))}

Best regards,
${sender.name}
</@layout.email>
