<#-- Nurture email (marketing): the invitation to the spring webinar. One tracked call to action. -->
<#import "/layout/text.ftl" as layout>
<@layout.email title="Spring webinar: nurture that sales notices">
${layout.greeting()}

In our spring webinar two marketing leads and a sales manager show how their nurture programmes send sales fewer, better leads.

It takes 45 minutes, and there is time for your questions at the end. Can't make it live? Register anyway and we'll send you the recording.

Register for the webinar:
${track(layout.page("/webinars/spring"))}

Best regards,
${sender.name}
</@layout.email>
