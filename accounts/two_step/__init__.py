"""Two-step sign-in: after the password, a code from an authenticator app or a backup code.

Built on django-otp (its TOTP and static plug-ins). It comes after the password step, as a
middleware that sends a signed-in but unverified user to set it up or to give a code, so it
works with whatever the password step is. Who must use it is the access policy's answer,
named by the TWO_STEP_REQUIRED setting (this package sits below the policy).
"""
